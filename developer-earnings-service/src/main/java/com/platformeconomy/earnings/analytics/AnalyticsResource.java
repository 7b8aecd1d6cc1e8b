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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/developer/apps/{app_id}/analytics")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "analytics", description = "An app's calls, revenue and distinct users over a window of days.")
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
    @Operation(operationId = "getAppAnalytics", summary = "Get an app's analytics",
            description = "For one of the calling developer's apps (an admin: any app), over the last `days` days: "
                    + "`actions` (paid calls), `revenue` (the sum of their developer shares, in tokens) and `unique_users` "
                    + "(distinct users). With `days=all`, `period_days` is how many days the app has existed (at least 1). "
                    + "Another developer's app is 404 `unknown_app`, as if it did not exist.",
            extensions = @Extension(name = "x-problem-codes", value = "invalid_days unknown_app"))
    @APIResponse(responseCode = "200", description = "The app's figures in the window.", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = AppAnalytics.class), examples = @ExampleObject(name = "seed", value = """
                    {"app_id": "my_app", "period_days": 30, "actions": 1234, "revenue": 9450, "unique_users": 87}""")))
    public Uni<AppAnalytics> analytics(
            @Parameter(description = "The app's id.") @PathParam("app_id") String appId,
            @Parameter(description = "The window: a whole number of days from 1 to 3650, or `all`; default 30 (400 "
                    + "`invalid_days` otherwise).", example = "30") @QueryParam("days") String days) {
        Integer window = AnalyticsService.parseDays(days == null ? "30" : days);
        return analytics.analytics(appId, caller.getPrincipal().getName(), Ownership.isPrivileged(caller), window);
    }
}
