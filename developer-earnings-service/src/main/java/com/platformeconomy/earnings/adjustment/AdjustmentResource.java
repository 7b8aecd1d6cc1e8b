package com.platformeconomy.earnings.adjustment;

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

@Path("/v1/admin/adjustments")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AdjustmentResource {

    private final AdjustmentService adjustments;
    private final SecurityIdentity caller;

    public AdjustmentResource(AdjustmentService adjustments, SecurityIdentity caller) {
        this.adjustments = adjustments;
        this.caller = caller;
    }

    /** An admin corrects a developer's earnings (signed amount, note required); 201. */
    @POST
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> add(@Valid @NotNull AdjustmentRequest request) {
        return adjustments.add(caller.getPrincipal().getName(), request)
                .map(a -> Response.status(Response.Status.CREATED).entity(AdjustmentView.of(a)).build());
    }
}
