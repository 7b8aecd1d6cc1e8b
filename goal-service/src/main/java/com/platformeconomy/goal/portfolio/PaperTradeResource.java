package com.platformeconomy.goal.portfolio;

import com.platformeconomy.platform.idempotency.IdempotencyKeys;
import com.platformeconomy.contracts.identity.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

@Path("/api/goals/{goalId}/paper-trades")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class PaperTradeResource {

    /** The Idempotency-Key scope of a paper trade; the goal id is part of what is asked. */
    static final String SCOPE = "paper-trade";

    private final PortfolioService portfolios;
    private final IdempotencyKeys keys;
    private final SecurityIdentity caller;

    public PaperTradeResource(PortfolioService portfolios, IdempotencyKeys keys, SecurityIdentity caller) {
        this.portfolios = portfolios;
        this.keys = keys;
        this.caller = caller;
    }

    /**
     * A paper trade: 201 with the book after it; 402 past cash, 409 selling more than held or a goal
     * no longer active. Under a required {@code Idempotency-Key}: a retry answers the first response
     * and trades nothing more; the key with another trade (or another goal) is 409
     * {@code idempotency_key_reused}.
     */
    @POST
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> trade(@HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey,
                               @PathParam("goalId") String goalId, @Valid @NotNull PaperTradeRequest request) {
        var keyed = keys.request(SCOPE, caller.getPrincipal().getName(), idempotencyKey, request, Map.of("goal_id", goalId));
        return keys.execute(keyed, Response.Status.CREATED, () -> portfolios.trade(goalId, request)
                .map(traded -> PaperTradeView.of(traded.trade(), traded.portfolio())));
    }
}
