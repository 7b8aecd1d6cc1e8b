package com.platformeconomy.goal.portfolio;

import com.platformeconomy.contracts.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

@Path("/api/goals/{goalId}/paper-trades")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class PaperTradeResource {

    private final PortfolioService portfolios;

    public PaperTradeResource(PortfolioService portfolios) {
        this.portfolios = portfolios;
    }

    /** A paper trade: 201 with the book after it; 402 past cash, 409 selling more than held or a goal no longer active. */
    @POST
    @RolesAllowed({Roles.ADMIN, Roles.SERVICE})
    public Uni<Response> trade(@PathParam("goalId") String goalId, @Valid @NotNull PaperTradeRequest request) {
        return portfolios.trade(goalId, request).map(traded -> Response.status(Response.Status.CREATED)
                .entity(PaperTradeView.of(traded.trade(), traded.portfolio()))
                .build());
    }
}
