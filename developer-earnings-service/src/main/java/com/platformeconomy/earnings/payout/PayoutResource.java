package com.platformeconomy.earnings.payout;

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
import jakarta.ws.rs.PathParam;
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

@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "payouts", description = "A developer's requests to be paid its earned tokens in USD, and an admin's decisions on them.")
public class PayoutResource {

    /** The seed's payout: 9,450 tokens at 0.001 USD a token = 9.45 USD. */
    static final String REQUESTED = """
            {"payout_id": 42, "developer_id": "dev:alice", "amount_tokens": 9450, "usd_per_token": 0.001, \
            "amount_usd": 9.45, "status": "requested", "requested_at": "2026-12-02T17:30:00Z", "decided_at": null, \
            "decided_by": null, "paid_at": null, "paid_by": null}""";
    static final String PAYOUT_ID = "The payout's id (a number; anything else is 404 `not_found`).";


    /** The Idempotency-Key scope of a payout request, shared by this route and the portal's form. */
    public static final String SCOPE = "payout-request";

    private final PayoutService payouts;
    private final IdempotencyKeys keys;
    private final SecurityIdentity caller;

    public PayoutResource(PayoutService payouts, IdempotencyKeys keys, SecurityIdentity caller) {
        this.payouts = payouts;
        this.keys = keys;
        this.caller = caller;
    }

    /**
     * A developer asks to be paid out; the USD amount is fixed now. 409 when it exceeds what is
     * available. Under a required {@code Idempotency-Key}: a retry answers the first response (the
     * same payout, or the same refusal) and requests nothing more.
     */
    @Consumes(MediaType.APPLICATION_JSON)
    @POST
    @Path("/developer/payouts")
    @RolesAllowed(Roles.DEVELOPER)
    @Operation(operationId = "requestPayout", summary = "Request a payout",
            description = "The calling developer asks to be paid `amount_tokens` of its earnings; the USD amount is fixed "
                    + "now at the configured rate: `amount_usd = amount_tokens × usd_per_token` (seed: 9,450 tokens × 0.001 = "
                    + "9.45 USD). At most what it earned (developer shares plus adjustments) and has not yet requested, had "
                    + "approved or been paid: more is 409 `payout_exceeds_available` and nothing is requested. The payout "
                    + "is `requested` until an admin approves or rejects it. Under a required `Idempotency-Key`: the same key "
                    + "and body answer the first response again (the same payout, 201, with `Idempotent-Replayed: true`, or "
                    + "the same refusal) and request nothing more; the same key with another amount is 409 "
                    + "`idempotency_key_reused`. While the developer's wallet is below zero (a top-up it spent was refunded or "
                    + "charged back) no payout is requested: 409 `wallet_in_debt` (stored under the key, as every refusal: ask again with a new "
                    + "key once the wallet is back at zero or above); the wallet is read at wallet-service first, and when it "
                    + "cannot be read nothing is requested (503 `wallet_unavailable`; 502 `wallet_refused` when it refuses the read).",
            extensions = @Extension(name = "x-problem-codes", value = "payout_exceeds_available wallet_in_debt wallet_unavailable "
            + "wallet_refused idempotency_key_required invalid_idempotency_key idempotency_key_reused request_in_progress invalid_field"))
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PayoutRequest.class),
            examples = @ExampleObject(name = "seed", summary = "The seed's 9,450 tokens", value = "{\"amount_tokens\": 9450}")))
    @APIResponse(responseCode = "201", description = "Requested (or the replay of the first answer to this key).",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PayoutView.class),
                    examples = @ExampleObject(name = "requested", value = REQUESTED)))
    public Uni<Response> request(@HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey,
                                 @Valid @NotNull PayoutRequest request) {
        String developer = caller.getPrincipal().getName();
        var keyed = keys.request(SCOPE, developer, idempotencyKey, request);
        return payouts.readWallet(developer).chain(wallet -> keys.execute(keyed, Response.Status.CREATED,
                () -> payouts.request(wallet, request.amountTokens()).map(PayoutView::of)));
    }

    @POST
    @Path("/admin/payouts/{id}/approve")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "approvePayout", summary = "Approve a payout",
            description = "An admin approves a requested payout (`decided_by`; never the payout's own developer, 403: another admin decides): its tokens count as paid out from now on (`paid_out` of the developer's earnings), at the USD amount fixed when it was requested (9,450 tokens → 9.45 USD). Only a requested payout: any other state is 409 `invalid_payout_state`. The payout is locked while deciding: of an approve and a reject sent at once, exactly one wins and the other is 409 `invalid_payout_state`, which names the payout's state. The developer's earnings and adjustments must still cover it with every other requested, approved and paid payout (a chargeback since the request may have taken part of it): otherwise 409 `payout_exceeds_available`, and an admin rejects this or another request. It must also be covered without the positive adjustments the approving admin booked for this developer and the developer share of the charges it made of users (`charged_by`), so that no one admin both credits and pays out: otherwise 403 `forbidden`, and another admin approves it. And the developer's wallet, read at wallet-service, must not be below zero: otherwise 409 `wallet_in_debt` (503 `wallet_unavailable` when it cannot be read, 502 `wallet_refused` when it refuses), and the payout stays requested until the wallet is back at zero or above.",
            extensions = @Extension(name = "x-problem-codes", value = "unknown_payout invalid_payout_state payout_exceeds_available wallet_in_debt wallet_unavailable wallet_refused forbidden not_found"))
    @APIResponse(responseCode = "200", description = "The payout, now approved.", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = PayoutView.class), examples = @ExampleObject(name = "approved", value = """
                    {"payout_id": 42, "developer_id": "dev:alice", "amount_tokens": 9450, "usd_per_token": 0.001, \
                    "amount_usd": 9.45, "status": "approved", "requested_at": "2026-12-02T17:30:00Z", \
                    "decided_at": "2026-12-03T09:00:00Z", "decided_by": "admin:ops", "paid_at": null, "paid_by": null}""")))
    public Uni<PayoutView> approve(@Parameter(description = PAYOUT_ID) @PathParam("id") long id) {
        return payouts.decide(id, PayoutState.APPROVED, caller).map(PayoutView::of);
    }

    @POST
    @Path("/admin/payouts/{id}/reject")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "rejectPayout", summary = "Reject a payout",
            description = "An admin rejects a requested payout (`decided_by`; never the payout's own developer, 403): its tokens are free again, so the developer may request them anew. Only a requested payout: any other state is 409 `invalid_payout_state`. The payout is locked while deciding: of an approve and a reject sent at once, exactly one wins and the other is 409 `invalid_payout_state`, which names the payout's state.",
            extensions = @Extension(name = "x-problem-codes", value = "unknown_payout invalid_payout_state not_found"))
    @APIResponse(responseCode = "200", description = "The payout, now rejected.", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = PayoutView.class), examples = @ExampleObject(name = "rejected", value = """
                    {"payout_id": 42, "developer_id": "dev:alice", "amount_tokens": 9450, "usd_per_token": 0.001, \
                    "amount_usd": 9.45, "status": "rejected", "requested_at": "2026-12-02T17:30:00Z", \
                    "decided_at": "2026-12-03T09:00:00Z", "decided_by": "admin:ops", "paid_at": null, "paid_by": null}""")))
    public Uni<PayoutView> reject(@Parameter(description = PAYOUT_ID) @PathParam("id") long id) {
        return payouts.decide(id, PayoutState.REJECTED, caller).map(PayoutView::of);
    }

    @POST
    @Path("/admin/payouts/{id}/paid")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "markPayoutPaid", summary = "Mark a payout paid",
            description = "An admin (`paid_by`; never the payout's own developer, 403) records that an approved payout was paid out (9.45 USD for the seed's 9,450 tokens); not the admin that approved it (403: four eyes, another admin pays). Only an approved payout: any other state is 409 `invalid_payout_state`. The payout is locked while deciding, so it is marked paid once. It records a transfer the approval decided and does not read the developer's wallet again (the approval did).",
            extensions = @Extension(name = "x-problem-codes", value = "unknown_payout invalid_payout_state not_found"))
    @APIResponse(responseCode = "200", description = "The payout, now paid.", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = PayoutView.class), examples = @ExampleObject(name = "paid", value = """
                    {"payout_id": 42, "developer_id": "dev:alice", "amount_tokens": 9450, "usd_per_token": 0.001, \
                    "amount_usd": 9.45, "status": "paid", "requested_at": "2026-12-02T17:30:00Z", \
                    "decided_at": "2026-12-03T09:00:00Z", "decided_by": "admin:ops", "paid_at": "2026-12-04T12:00:00Z", \
                    "paid_by": "admin:treasurer"}""")))
    public Uni<PayoutView> paid(@Parameter(description = PAYOUT_ID) @PathParam("id") long id) {
        return payouts.decide(id, PayoutState.PAID, caller).map(PayoutView::of);
    }
}
