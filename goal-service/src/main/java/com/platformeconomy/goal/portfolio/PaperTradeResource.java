package com.platformeconomy.goal.portfolio;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
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
@Tag(name = "paper-trading", description = "A goal's paper portfolio: trades against its budget, cash, positions and P&L.")
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
    @Operation(operationId = "placePaperTrade", summary = "Place a paper trade",
            description = "Buys or sells `quantity` units of `symbol` at `price` tokens each in the goal's paper book: 201 "
                    + "with the trade and the book after it. Past the book's cash is 402 `insufficient_cash`; selling more "
                    + "than held, or trading in a goal that is no longer active, 409. A trade that takes the loss past the "
                    + "goal's maximum loss stops the goal. Under a required `Idempotency-Key`: a retry answers the first "
                    + "response and trades nothing more; the key with another trade or goal is 409 `idempotency_key_reused`.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "buy",
            value = "{\"side\":\"buy\",\"symbol\":\"BTC\",\"quantity\":2,\"price\":50}")))
    @APIResponse(responseCode = "201", description = "Traded, or the first answer again for a retry with the same key.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PaperTradeView.class),
                    examples = @ExampleObject(name = "bought", value = "{\"trade_id\":1,\"goal_id\":\"goal-7f3a\",\"side\":\"buy\",\"symbol\":\"BTC\",\"quantity\":2,\"price\":50,\"cash_delta_tokens\":-100,\"realised_pnl_tokens\":0,\"traded_at\":\"2026-12-01T00:05:00Z\",\"portfolio\":{\"goal_id\":\"goal-7f3a\",\"goal_status\":\"active\",\"budget_tokens\":120,\"max_loss_percent\":10,\"cash_tokens\":20,\"realised_pnl_tokens\":0,\"unrealised_pnl_tokens\":0,\"equity_tokens\":120,\"loss_tokens\":0,\"positions\":[{\"symbol\":\"BTC\",\"quantity\":2,\"cost_tokens\":100,\"last_price\":50,\"market_value_tokens\":100,\"unrealised_pnl_tokens\":0}]}}")))
    @Extension(name = "x-problem-codes", value = "idempotency_key_required invalid_idempotency_key idempotency_key_reused "
            + "request_in_progress insufficient_cash insufficient_position goal_not_active goal_not_found trade_too_large")
    public Uni<Response> trade(@HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey,
                               @PathParam("goalId") String goalId, @Valid @NotNull PaperTradeRequest request) {
        var keyed = keys.request(SCOPE, caller.getPrincipal().getName(), idempotencyKey, request, Map.of("goal_id", goalId));
        return keys.execute(keyed, Response.Status.CREATED, () -> portfolios.trade(goalId, request)
                .map(traded -> PaperTradeView.of(traded.trade(), traded.portfolio())));
    }
}
