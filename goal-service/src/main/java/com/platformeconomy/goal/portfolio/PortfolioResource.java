package com.platformeconomy.goal.portfolio;

import com.platformeconomy.goal.goal.GoalReaders;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/api/goals/{goalId}/portfolio")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "paper-trading", description = "A goal's paper portfolio: trades against its budget, cash, positions and P&L.")
public class PortfolioResource {

    private final PortfolioService portfolios;
    private final GoalReaders readers;

    public PortfolioResource(PortfolioService portfolios, GoalReaders readers) {
        this.readers = readers;
        this.portfolios = portfolios;
    }

    /** The goal's paper book: cash, positions, realised and unrealised P&L. */
    @GET
    @Authenticated
    @Operation(operationId = "getPortfolio", summary = "Get a goal's paper portfolio",
            description = "Cash, positions valued at their last traded price, realised and unrealised P&L, in whole tokens: "
                    + "equity = cash + market value, loss = budget − equity. An admin or a voter (`goal.vote.voter-role`).")
    @APIResponse(responseCode = "200", description = "The book.", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = PortfolioView.class), examples = @ExampleObject(name = "after one buy", value = "{\"goal_id\":\"goal-7f3a\",\"goal_status\":\"active\",\"budget_tokens\":120,\"max_loss_percent\":10,\"cash_tokens\":20,\"realised_pnl_tokens\":0,\"unrealised_pnl_tokens\":0,\"equity_tokens\":120,\"loss_tokens\":0,\"positions\":[{\"symbol\":\"BTC\",\"quantity\":2,\"cost_tokens\":100,\"last_price\":50,\"market_value_tokens\":100,\"unrealised_pnl_tokens\":0}]}")))
    @Extension(name = "x-problem-codes", value = "goal_not_found")
    public Uni<PortfolioView> portfolio(@PathParam("goalId") String goalId) {
        readers.require();
        return portfolios.portfolio(goalId);
    }
}
