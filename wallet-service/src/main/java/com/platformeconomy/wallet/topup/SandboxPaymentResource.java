package com.platformeconomy.wallet.topup;

import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import com.platformeconomy.platform.security.Ownership;
import com.platformeconomy.contracts.identity.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
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
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Development and test only: the privileged step that plays the card holder's bank for a sandbox
 * payment (SPEC §10: "a payment is confirmed by a separate, privileged step, never by the caller who
 * asked for tokens"). Admins only; absent (404) where payments go through Stripe. The saga then
 * treats the confirmation exactly as a verified Stripe webhook: it reads the payment back and compares.
 */
@Path("/v1/admin/sandbox/topups/{topup_id}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@Tag(name = "payments", description = "Payment confirmations from the payment provider (Stripe's webhook), or in development and test the sandbox's privileged step.")
public class SandboxPaymentResource {

    private static final String TOPUP_ID = "The top-up whose sandbox payment is settled.";
    private static final String FAILED = "{\"topup_id\":\"topup-7f3a\",\"account\":\"user:alice\",\"amount_tokens\":9450,"
            + "\"amount_minor\":945,\"currency\":\"usd\",\"state\":\"failed\",\"payment_ref\":\"sbx_topup-7f3a\","
            + "\"client_secret\":null,\"failure\":\"payment cancelled\",\"chargeback_tokens\":null,\"chargeback_state\":null}";

    private final GatewaySelection selection;
    private final SandboxGateway sandbox;
    private final TopUpSaga saga;
    private final SecurityIdentity caller;

    public SandboxPaymentResource(GatewaySelection selection, SandboxGateway sandbox, TopUpSaga saga, SecurityIdentity caller) {
        this.selection = selection;
        this.sandbox = sandbox;
        this.saga = saga;
        this.caller = caller;
    }

    /** The payment succeeds: the top-up is credited. */
    @POST
    @Path("/pay")
    @Consumes(MediaType.WILDCARD)
    @Operation(operationId = "paySandboxTopUp", summary = "Sandbox: the top-up's payment succeeds",
            description = "Development and test only: plays the card holder's bank, so the top-up's sandbox payment "
                    + "succeeds; the saga then reads the payment back and, if it matches, credits the wallet (9450 tokens "
                    + "for a payment of 945 cents). Admins only, never the caller who asked for the tokens (an admin who asked "
                    + "for the top-up, or whose own account it credits, is refused 403: another admin confirms it). Where payments "
                    + "go through Stripe it is 404 `no_sandbox`.",
            extensions = @Extension(name = "x-problem-codes", value = "no_sandbox unknown_topup"))
    @APIResponse(responseCode = "200", description = "The top-up after the payment.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TopUpResource.TopUpView.class),
                    examples = @ExampleObject(name = "credited", value = TopUpResource.CREDITED)))
    public Uni<TopUpResource.TopUpView> pay(@Parameter(description = TOPUP_ID) @PathParam("topup_id") String topupId) {
        return settle(topupId, true);
    }

    /** The payment fails: the top-up ends failed. */
    @POST
    @Path("/decline")
    @Consumes(MediaType.WILDCARD)
    @Operation(operationId = "declineSandboxTopUp", summary = "Sandbox: the top-up's payment fails",
            description = "Development and test only: the top-up's sandbox payment fails, and the top-up ends failed "
                    + "with nothing credited. Admins only. Where payments go through Stripe it is 404 `no_sandbox`.",
            extensions = @Extension(name = "x-problem-codes", value = "no_sandbox unknown_topup"))
    @APIResponse(responseCode = "200", description = "The top-up after the failed payment.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TopUpResource.TopUpView.class),
                    examples = @ExampleObject(name = "failed", value = FAILED)))
    public Uni<TopUpResource.TopUpView> decline(@Parameter(description = TOPUP_ID) @PathParam("topup_id") String topupId) {
        return settle(topupId, false);
    }

    private Uni<TopUpResource.TopUpView> settle(String topupId, boolean succeeded) {
        if (!selection.sandbox()) {
            throw new ApiException(ErrorCode.NO_SANDBOX, "Payments here go through Stripe; there is no sandbox to confirm.");
        }
        return saga.find(topupId).chain(topUp -> {
            if (topUp == null || topUp.paymentRef == null) {
                throw new ApiException(ErrorCode.UNKNOWN_TOPUP, "No top-up '" + topupId + "' with a payment.");
            }
            Ownership.refuseOwnAccount(caller, topUp.account, "confirm the payment of a top-up");
            if (caller.getPrincipal().getName().equals(topUp.requestedBy)) {
                throw new ApiException(ErrorCode.FORBIDDEN, "An admin does not confirm the payment of a top-up it asked "
                        + "for itself: another admin must.");
            }
            return sandbox.settle(topUp.paymentRef, succeeded)
                    .chain(payment -> saga.onPaymentNotice(topUp.paymentRef, !succeeded))
                    .chain(() -> saga.find(topupId))
                    .map(TopUpResource.TopUpView::of);
        });
    }
}
