package com.platformeconomy.earnings.app;

import com.platformeconomy.contracts.identity.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/admin/apps")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@Tag(name = "apps", description = "The apps a developer publishes: their pricing and life cycle (draft, pending_review, active, suspended).")
public class AdminAppResource {

    private final AppService apps;
    private final SecurityIdentity caller;

    public AdminAppResource(AppService apps, SecurityIdentity caller) {
        this.apps = apps;
        this.caller = caller;
    }

    /** pending_review or suspended → active, with revenue_split_dev fixed from the developer's tier now (first approval, or after an edit). */
    @POST
    @Path("/{app_id}/approve")
    @Operation(operationId = "approveApp", summary = "Approve an app (make it active)",
            description = "An admin moves a pending_review or suspended app to active. Its first approval, and one after "
                    + "an edit, fixes its `revenue_split_dev` from its developer's tier at this moment (explorer 70, indie 80, "
                    + "studio 85, partner 95); a later tier change leaves it alone until the app is edited and approved again "
                    + "(an approval after a pause without an edit keeps it). Seed: base_price 5 + platform_fee 2 = 7 tokens "
                    + "a call, split at 70 into developer_share floor(7 × 70 / 100) = 4 and platform_share 3 (at indie 80: 5 "
                    + "and 2). A suspended app edited since its last approval is 409 `review_required` (its developer "
                    + "submits it first); any other state is 409 `invalid_app_state`. An admin never approves its own app, nor one it "
                    + "edited since the app's last approval, nor one whose split would come from a tier it granted its developer "
                    + "(403 `forbidden`: another admin reviews what it set).",
            extensions = @Extension(name = "x-problem-codes", value = "unknown_app invalid_app_state review_required"))
    @APIResponse(responseCode = "200", description = "The app, now active, with its split fixed.", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AppView.class),
            examples = @ExampleObject(name = "approved", value = AppResource.ACTIVE_APP)))
    public Uni<AppView> approve(@Parameter(description = AppResource.APP_ID) @PathParam("app_id") String appId) {
        return apps.approve(appId, caller).map(AppView::of);
    }
}
