package com.platformeconomy.earnings.adjustment;

import com.platformeconomy.platform.idempotency.IdempotencyKeys;
import com.platformeconomy.contracts.identity.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

@Path("/v1/admin/adjustments")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AdjustmentResource {

    /** The Idempotency-Key scope of this route. */
    static final String SCOPE = "admin-adjustment";

    private final AdjustmentService adjustments;
    private final IdempotencyKeys keys;
    private final SecurityIdentity caller;

    public AdjustmentResource(AdjustmentService adjustments, IdempotencyKeys keys, SecurityIdentity caller) {
        this.adjustments = adjustments;
        this.keys = keys;
        this.caller = caller;
    }

    /**
     * An admin corrects a developer's earnings (signed amount, note required); 201. Under an
     * {@code Idempotency-Key} (required): the same key and body answer the first response and book
     * nothing more; the same key with another body is 409 {@code idempotency_key_reused}.
     */
    @POST
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> add(@HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey,
                             @Valid @NotNull AdjustmentRequest request) {
        String admin = caller.getPrincipal().getName();
        var keyed = keys.request(SCOPE, admin, idempotencyKey, request);
        return keys.execute(keyed, Response.Status.CREATED, () -> adjustments.add(admin, request).map(AdjustmentView::of));
    }
}
