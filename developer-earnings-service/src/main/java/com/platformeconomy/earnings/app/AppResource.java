package com.platformeconomy.earnings.app;

import com.platformeconomy.platform.security.Ownership;
import com.platformeconomy.contracts.identity.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

@Path("/v1/developer/apps")
@Produces(MediaType.APPLICATION_JSON)
public class AppResource {

    private final AppService apps;
    private final SecurityIdentity caller;

    public AppResource(AppService apps, SecurityIdentity caller) {
        this.apps = apps;
        this.caller = caller;
    }

    /** Creates a draft app owned by the calling developer. */
    @Consumes(MediaType.APPLICATION_JSON)
    @POST
    @RolesAllowed(Roles.DEVELOPER)
    public Uni<Response> create(@Valid @NotNull CreateAppRequest request) {
        return apps.create(caller.getPrincipal().getName(), request)
                .map(app -> Response.status(Response.Status.CREATED).entity(AppView.of(app)).build());
    }

    /** One of the caller's apps (any app for an admin). */
    @GET
    @Path("/{app_id}")
    @RolesAllowed({Roles.DEVELOPER, Roles.ADMIN})
    public Uni<AppView> get(@PathParam("app_id") String appId) {
        return apps.get(appId, caller.getPrincipal().getName(), Ownership.isPrivileged(caller)).map(AppView::of);
    }

    /** Edits name or pricing while the app is not active (409 naming its state otherwise). */
    @Consumes(MediaType.APPLICATION_JSON)
    @PATCH
    @Path("/{app_id}")
    @RolesAllowed({Roles.DEVELOPER, Roles.ADMIN})
    public Uni<AppView> edit(@PathParam("app_id") String appId, @Valid @NotNull EditAppRequest request) {
        return apps.edit(appId, caller.getPrincipal().getName(), caller.hasRole(Roles.ADMIN), request).map(AppView::of);
    }

    /** draft or suspended → pending_review. */
    @POST
    @Path("/{app_id}/submit")
    @RolesAllowed({Roles.DEVELOPER, Roles.ADMIN})
    public Uni<AppView> submit(@PathParam("app_id") String appId) {
        return apps.submit(appId, caller.getPrincipal().getName(), caller.hasRole(Roles.ADMIN)).map(AppView::of);
    }

    /** active → suspended, by its developer or an admin. */
    @POST
    @Path("/{app_id}/pause")
    @RolesAllowed({Roles.DEVELOPER, Roles.ADMIN})
    public Uni<AppView> pause(@PathParam("app_id") String appId) {
        return apps.pause(appId, caller.getPrincipal().getName(), caller.hasRole(Roles.ADMIN)).map(AppView::of);
    }
}
