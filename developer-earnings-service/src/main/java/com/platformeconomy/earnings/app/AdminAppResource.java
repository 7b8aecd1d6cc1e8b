package com.platformeconomy.earnings.app;

import com.platformeconomy.contracts.identity.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/v1/admin/apps")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class AdminAppResource {

    private final AppService apps;

    public AdminAppResource(AppService apps) {
        this.apps = apps;
    }

    /** pending_review or suspended → active, with revenue_split_dev fixed from the developer's tier now. */
    @POST
    @Path("/{app_id}/approve")
    public Uni<AppView> approve(@PathParam("app_id") String appId) {
        return apps.approve(appId).map(AppView::of);
    }
}
