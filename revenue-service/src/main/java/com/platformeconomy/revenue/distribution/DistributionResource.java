package com.platformeconomy.revenue.distribution;

import com.platformeconomy.contracts.identity.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
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

@Path("/api/revenue/distributions")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "distributions", description = "Distribution of a closed period's gross: the 90/9/1 split credited to users, nodes and the central account.")
public class DistributionResource {

    static final String SUMMARY = """
            {"period": "2026-11", "already_distributed": false, "period_gross": 225, "late_gross": 0,
             "pools": {"users": 203, "infra": 20, "central": 2}, "paid": {"users": 203, "infra": 20, "central": 2},
             "carried": {"users": 0, "infra": 0, "central": 0}, "recipients": 4}""";

    /** {@code period} (YYYY-MM) may be left out: the last closed month. */
    public record RunRequest(@Schema(description = "The month to distribute, `YYYY-MM`; absent: the last closed month.",
            pattern = "\\d{4}-(0[1-9]|1[0-2])") String period) {
    }

    private final DistributionService distributions;

    public DistributionResource(DistributionService distributions) {
        this.distributions = distributions;
    }

    /** Distributes a closed period (admin); a period already distributed answers with that run. */
    @POST
    @Path("/run")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "runDistribution", summary = "Distribute a closed period",
            description = "Distributes the gross (API + ad revenue) of a closed month (`period`, `YYYY-MM`; absent or an empty "
                    + "body: the previous month): pools of 90/9/1 % by largest remainder, so they add up to the gross (225 "
                    + "→ 203 / 20 / 2); the user pool to users in proportion to their contribution scores, the infrastructure "
                    + "pool to node operators in proportion to compute reported, the central 1% to the central account, each "
                    + "in whole tokens by largest remainder, as `revenue.distributions` events wallet-service credits. A pool "
                    + "with no recipient, and gross that arrived after its period was distributed, are carried into the next "
                    + "distribution. Once per period: running it again answers the earlier run with `already_distributed` "
                    + "true and credits nothing. 409 `period_not_closed` before the month's end plus the grace period; 400 "
                    + "`invalid_period` for a malformed month.",
            extensions = @Extension(name = "x-problem-codes", value = "invalid_field invalid_period period_not_closed"))
    @APIResponse(responseCode = "200", description = "What the run distributed, or what the period's earlier run did.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DistributionService.Summary.class),
                    examples = {
                        @ExampleObject(name = "distributed", summary = "225 gross: 203 to two users, 20 to a node operator, 2 central",
                                value = SUMMARY),
                        @ExampleObject(name = "already-distributed", summary = "The same period again: the earlier run, nothing credited",
                                value = """
                                        {"period": "2026-11", "already_distributed": true, "period_gross": 225, "late_gross": 0,
                                         "pools": {"users": 203, "infra": 20, "central": 2}, "paid": {"users": 203, "infra": 20, "central": 2},
                                         "carried": {"users": 0, "infra": 0, "central": 0}, "recipients": 4}""")}))
    public Uni<DistributionService.Summary> run(
            @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = RunRequest.class),
                    examples = @ExampleObject(name = "november", value = "{\"period\": \"2026-11\"}")))
            RunRequest request) {
        Period period = request == null || request.period() == null
                ? distributions.lastClosed()
                : Period.parse(request.period(), "period");
        return distributions.run(period);
    }
}
