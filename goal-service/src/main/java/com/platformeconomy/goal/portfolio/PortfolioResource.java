package com.platformeconomy.goal.portfolio;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/api/goals/{goalId}/portfolio")
@Produces(MediaType.APPLICATION_JSON)
public class PortfolioResource {

    private final PortfolioService portfolios;

    public PortfolioResource(PortfolioService portfolios) {
        this.portfolios = portfolios;
    }

    /** The goal's paper book: cash, positions, realised and unrealised P&L. */
    @GET
    @Authenticated
    public Uni<PortfolioView> portfolio(@PathParam("goalId") String goalId) {
        return portfolios.portfolio(goalId);
    }
}
