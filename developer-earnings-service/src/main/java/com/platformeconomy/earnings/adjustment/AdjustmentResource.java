package com.platformeconomy.earnings.adjustment;

import com.platformeconomy.platform.idempotency.IdempotencyKeys;
import com.platformeconomy.platform.security.Ownership;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/admin/adjustments")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "adjustments", description = "An admin's signed corrections of a developer's earnings (chargebacks, disputes), each with a note.")
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
    @Operation(operationId = "addAdjustment", summary = "Adjust a developer's earnings",
            description = "An admin books a signed correction of a developer's earnings with a required note (a "
                    + "chargeback or dispute: negative; a correction in the developer's favour: positive; never 0, which is "
                    + "400 `zero_adjustment`). It adds to `total_earnings` and to what the developer may request as a payout "
                    + "(seed: 12,450 earned, an adjustment of −500 leaves 11,950); `created_by` is the admin, who is never the "
                    + "developer itself (403: another admin adjusts an admin's own earnings). Ordered with "
                    + "the developer's payout requests (one at a time per developer). Under a required `Idempotency-Key`: the "
                    + "same key and body answer the first response again (201, `Idempotent-Replayed: true`) and book nothing "
                    + "more; the same key with another body is 409 `idempotency_key_reused`.",
            extensions = @Extension(name = "x-problem-codes", value = "zero_adjustment idempotency_key_required invalid_idempotency_key "
            + "idempotency_key_reused request_in_progress invalid_field"))
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AdjustmentRequest.class),
            examples = @ExampleObject(name = "chargeback", summary = "A disputed charge taken back",
                    value = "{\"developer_id\": \"dev:alice\", \"amount\": -500, \"admin_note\": \"Stripe dispute dp_123: chargeback\"}")))
    @APIResponse(responseCode = "201", description = "Booked (or the replay of the first answer to this key).",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AdjustmentView.class),
                    examples = @ExampleObject(name = "chargeback", value = """
                            {"adjustment_id": 7, "developer_id": "dev:alice", "amount": -500, \
                            "admin_note": "Stripe dispute dp_123: chargeback", "created_by": "admin:ops", \
                            "created_at": "2026-12-02T17:30:00Z"}""")))
    public Uni<Response> add(@HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey,
                             @Valid @NotNull AdjustmentRequest request) {
        Ownership.refuseOwnAccount(caller, request.developerId(), "adjust the earnings");
        String admin = caller.getPrincipal().getName();
        var keyed = keys.request(SCOPE, admin, idempotencyKey, request);
        return keys.execute(keyed, Response.Status.CREATED, () -> adjustments.add(admin, request).map(AdjustmentView::of));
    }
}
