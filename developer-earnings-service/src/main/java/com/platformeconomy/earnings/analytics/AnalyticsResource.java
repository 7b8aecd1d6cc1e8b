package com.platformeconomy.earnings.analytics;

import com.platformeconomy.platform.security.Ownership;
import com.platformeconomy.contracts.identity.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

@Path("/v1/developer/apps/{app_id}/analytics")
@Produces(MediaType.APPLICATION_JSON)
public class AnalyticsResource {

    private final AnalyticsService analytics;
    private final SecurityIdentity caller;

    public AnalyticsResource(AnalyticsService analytics, SecurityIdentity caller) {
        this.analytics = analytics;
        this.caller = caller;
    }

    /** {@code days}: 1..3650 or {@code all} (default 30, the seed's example). */
    @GET
    @RolesAllowed({Roles.DEVELOPER, Roles.ADMIN})
    public Uni<AppAnalytics> analytics(@PathParam("app_id") String appId, @QueryParam("days") String days) {
        Integer window = AnalyticsService.parseDays(days == null ? "30" : days);
        return analytics.analytics(appId, caller.getPrincipal().getName(), Ownership.isPrivileged(caller), window);
    }
}
