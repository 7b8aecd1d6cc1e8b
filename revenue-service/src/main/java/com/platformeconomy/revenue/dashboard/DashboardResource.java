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

@Path("/api/revenue/dashboard")
@Produces(MediaType.APPLICATION_JSON)
public class DashboardResource {

    static final int DEFAULT_PERIOD_DAYS = 30;
    static final int MAX_PERIOD_DAYS = 3650;

    private final DashboardService dashboards;

    public DashboardResource(DashboardService dashboards) {
        this.dashboards = dashboards;
    }

    /** The platform's revenue over the last {@code period_days} days (admin only: it is the platform's books). */
    @GET
    @RolesAllowed(Roles.ADMIN)
    public Uni<Dashboard> dashboard(@QueryParam("period_days") String periodDays) {
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
