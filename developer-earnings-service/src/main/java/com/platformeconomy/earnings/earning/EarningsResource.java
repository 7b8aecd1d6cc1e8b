package com.platformeconomy.earnings.earning;

import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import com.platformeconomy.contracts.identity.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/developer/earnings")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "earnings", description = "What a developer earned from its apps' paid calls, and how much of it is paid out.")
public class EarningsResource {

    private final EarningsQueries queries;
    private final SecurityIdentity caller;

    public EarningsResource(EarningsQueries queries, SecurityIdentity caller) {
        this.queries = queries;
        this.caller = caller;
    }

    /** The calling developer's totals; an admin names the developer with {@code developer_id}. */
    @GET
    @RolesAllowed({Roles.DEVELOPER, Roles.ADMIN})
    @Operation(operationId = "getEarnings", summary = "Get a developer's earnings totals",
            description = "The calling developer's totals, read together: `total_earnings` = the developer shares of "
                    + "all its apps' paid calls (`floor(total_cost × revenue_split_dev / 100)` each: 4 tokens for the seed's "
                    + "7-token call at 70) plus admin adjustments; `total_platform_share` = the platform's shares of those "
                    + "calls; `paid_out` = payouts approved or paid; `pending_payout` = `total_earnings − paid_out` (seed: "
                    + "12,450 − 3,000 = 9,450). An admin names the developer with `developer_id`; a developer naming "
                    + "another is 403 `forbidden`.")
    @APIResponse(responseCode = "200", description = "The developer's totals, in tokens.", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = EarningsSummary.class), examples = @ExampleObject(name = "seed", value = """
                    {"total_earnings": 12450, "total_platform_share": 0, "pending_payout": 9450, "paid_out": 3000}""")))
    public Uni<EarningsSummary> summary(
            @Parameter(description = "The developer whose totals an admin reads (`dev:...`); a developer's own by default.",
                    example = "dev:alice") @QueryParam("developer_id") String developerId) {
        String self = caller.getPrincipal().getName();
        if (developerId != null && !developerId.equals(self) && !caller.hasRole(Roles.ADMIN)) {
            throw new ApiException(ErrorCode.FORBIDDEN, "A developer sees its own earnings only.");
        }
        return queries.summary(developerId != null ? developerId : self);
    }
}
