package com.platformeconomy.earnings.app;

import com.platformeconomy.contracts.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

@Path("/v1/developer/apps")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AppResource {

    private final AppService apps;
    private final SecurityIdentity caller;

    public AppResource(AppService apps, SecurityIdentity caller) {
        this.apps = apps;
        this.caller = caller;
    }

    /** Creates a draft app owned by the calling developer. */
    @POST
    @RolesAllowed(Roles.DEVELOPER)
    public Uni<Response> create(@Valid @NotNull CreateAppRequest request) {
        return apps.create(caller.getPrincipal().getName(), request)
                .map(app -> Response.status(Response.Status.CREATED).entity(AppView.of(app)).build());
    }
}
