package com.platformeconomy.revenue.funding;

import com.platformeconomy.contracts.identity.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/revenue/funding")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "funding", description = "Auto-funding: past a threshold, part of the platform's excess becomes a paper trading goal.")
public class FundingResource {

    private final FundingService funding;

    public FundingResource(FundingService funding) {
        this.funding = funding;
    }

    /** Runs the auto-funding decision now (admin; no service calls it); safe to call any number of times, anywhere. */
    @POST
    @Path("/check")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "checkFunding", summary = "Run the auto-funding decision now",
            description = "Runs the decision the scheduler runs: when the platform excess (infra + central share − hosting "
                    + "payouts) over the funding window reaches the threshold (default 1000 tokens) and no auto-funded goal is "
                    + "active, 10% of it is reserved and a trading goal is requested from goal-service (strategy long_term, "
                    + "paper trading only, created by the revenue aggregator): an excess of 1250 reserves 125. Excess that "
                    + "triggered one decision never counts towards another. Safe to call any number of times, on any number "
                    + "of replicas: exactly one goal per decision; while a decision is open the answer names it with "
                    + "`auto_funded_goal_active`. Unlike the scheduler, which waits `revenue.funding-retry-after` (a day) after a "
                    + "refused decision (`refused_recently`), this check decides at once.")
    @APIResponse(responseCode = "200", description = "Whether this check decided, why not if not, and the decision in force.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FundingService.Outcome.class),
                    examples = {
                        @ExampleObject(name = "funded", summary = "Excess 1250 reached the threshold: 125 reserved",
                                value = """
                                        {"decided": true, "reason": "funded", "fundable_excess": 1250, "threshold": 1000,
                                         "decision_id": "6f1c2b7e-3d4a-4e8f-9a0b-5c6d7e8f9a01",
                                         "request_id": "revenue-funding:6f1c2b7e-3d4a-4e8f-9a0b-5c6d7e8f9a01", "reserved_tokens": 125}"""),
                        @ExampleObject(name = "below-threshold", summary = "The seed's excess of 2.5 is below 1000",
                                value = """
                                        {"decided": false, "reason": "below_threshold", "fundable_excess": 2.5, "threshold": 1000,
                                         "decision_id": null, "request_id": null, "reserved_tokens": null}""")}))
    public Uni<FundingService.Outcome> check() {
        return funding.check();
    }
}
