package com.platformeconomy.settlement.budget;

import com.platformeconomy.contracts.identity.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/api/metered-usage/authorize")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class BudgetResource {

    private final BudgetGate gate;
    private final SecurityIdentity caller;

    public BudgetResource(BudgetGate gate, SecurityIdentity caller) {
        this.gate = gate;
        this.caller = caller;
    }

    /** 200 with {allowed, reason, remaining_daily_usd} whether allowed or not; 4xx only for bad input or access. */
    @POST
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    public Uni<Authorization> authorize(@Valid @NotNull AuthorizeRequest request) {
        return gate.authorize(caller, request);
    }
}
