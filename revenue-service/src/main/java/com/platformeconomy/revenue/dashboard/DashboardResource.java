package com.platformeconomy.revenue.dashboard;

import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import com.platformeconomy.contracts.identity.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
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

@Path("/api/revenue/dashboard")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "revenue-dashboard", description = "The platform's revenue over a period: streams, the 90/9/1 split, the auto-funding state and escrows.")
public class DashboardResource {

    static final String SEED = """
            {"revenue": {"period_days": 30, "api_revenue": 150.0, "ad_revenue": 75.0, "hosting_payouts": 20.0,
                         "total_gross": 225.0, "user_pool_share": 202.5, "infra_pool_share": 20.25,
                         "central_share": 2.25, "platform_share": 22.5},
             "trading": {"funded": false, "platform_excess": 2.5, "threshold": 1000},
             "compute_borrowing": {"active_escrows": 3, "total_spark_escrowed": 150}}""";

    static final int DEFAULT_PERIOD_DAYS = 30;
    static final int MAX_PERIOD_DAYS = 3650;

    private final DashboardService dashboards;

    public DashboardResource(DashboardService dashboards) {
        this.dashboards = dashboards;
    }

    /** The platform's revenue over the last {@code period_days} days (admin only: it is the platform's books). */
    @GET
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "getRevenueDashboard", summary = "Get the platform's revenue dashboard",
            description = "The source's dashboard (seeds/000), field for field, over the last `period_days` days (default 30, "
                    + "1–3650; anything else is 400 `invalid_period_days`), answered from daily roll-ups. total_gross = "
                    + "api_revenue + ad_revenue; user_pool_share, infra_pool_share and central_share are 90/9/1 % of it; "
                    + "platform_share = infra + central; platform_excess = platform_share − hosting_payouts. The seed's "
                    + "numbers: API 150 + ad 75 = 225 gross → 202.5 / 20.25 / 2.25, platform share 22.5, excess 22.5 − 20 "
                    + "hosting = 2.5, below the funding threshold of 1000. `trading` adds `goal_id` and `amount` once an "
                    + "auto-funded goal is requested. `compute_borrowing` is wallet-service's active holds; when wallet-service "
                    + "does not answer both figures are null and `unavailable` is true, and the revenue part is still answered. "
                    + "Admins only: it is the platform's books.",
            extensions = @Extension(name = "x-problem-codes", value = "invalid_period_days"))
    @APIResponse(responseCode = "200", description = "The dashboard for the period.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Dashboard.class),
                    examples = {
                        @ExampleObject(name = "seed", summary = "The seed's 30 days: 225 gross, excess 2.5 of 1000", value = SEED),
                        @ExampleObject(name = "wallet-unavailable", summary = "wallet-service did not answer: escrows unknown",
                                value = """
                                        {"revenue": {"period_days": 7, "api_revenue": 0, "ad_revenue": 0, "hosting_payouts": 0,
                                                     "total_gross": 0, "user_pool_share": 0, "infra_pool_share": 0,
                                                     "central_share": 0, "platform_share": 0},
                                         "trading": {"funded": false, "platform_excess": 0, "threshold": 1000},
                                         "compute_borrowing": {"active_escrows": null, "total_spark_escrowed": null, "unavailable": true}}""")}))
    public Uni<Dashboard> dashboard(
            @Parameter(description = "Days back from today (UTC), 1–3650; default 30.", schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.INTEGER, minimum = "1", maximum = "3650", defaultValue = "30"))
            @QueryParam("period_days") String periodDays) {
        return dashboards.dashboard(parse(periodDays));
    }

    /** {@code period_days} as the dashboard route takes it (default 30); 400 {@code invalid_period_days} otherwise. */
    public static int parse(String periodDays) {
        if (periodDays == null) {
            return DEFAULT_PERIOD_DAYS;
        }
        if (periodDays.matches("[0-9]{1,4}")) {
            int days = Integer.parseInt(periodDays);
            if (days >= 1 && days <= MAX_PERIOD_DAYS) {
                return days;
            }
        }
        throw new ApiException(ErrorCode.INVALID_PERIOD_DAYS,
                "period_days must be a whole number from 1 to " + MAX_PERIOD_DAYS + ".");
    }
}
