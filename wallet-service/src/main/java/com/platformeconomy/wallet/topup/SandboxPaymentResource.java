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

    private static final String REFUNDED = "{\"topup_id\":\"topup-7f3a\",\"account\":\"user:alice\",\"amount_tokens\":9450,"
            + "\"amount_minor\":945,\"currency\":\"usd\",\"state\":\"credited\",\"payment_ref\":\"sbx_topup-7f3a\","
            + "\"client_secret\":null,\"failure\":null,\"chargeback_tokens\":null,\"chargeback_state\":null,\"refunded_tokens\":9450}";

    private final GatewaySelection selection;
    private final SandboxGateway sandbox;
    private final TopUpSaga saga;
    private final Refunds refunds;
    private final SecurityIdentity caller;

    public SandboxPaymentResource(GatewaySelection selection, SandboxGateway sandbox, TopUpSaga saga, Refunds refunds,
                                  SecurityIdentity caller) {
        this.selection = selection;
        this.sandbox = sandbox;
        this.saga = saga;
        this.refunds = refunds;
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

    /** The payment is refunded outside the suite: the tokens it bought go back. */
    @POST
    @Path("/refund")
    @Consumes(MediaType.WILDCARD)
    @Operation(operationId = "refundSandboxTopUp", summary = "Sandbox: the top-up's payment is refunded outside the suite",
            description = "Development and test only: plays a refund made outside the suite (in the provider's dashboard, or "
                    + "by a card network preventing a chargeback), as Stripe's `charge.refunded` webhook brings one. The whole "
                    + "payment goes back to the card, so the tokens it bought go back to the treasury, below zero when they were "
                    + "spent (a debt the next top-up pays; developer-earnings-service pays a developer in debt no payout). Once: "
                    + "sent again it moves nothing. Only a credited top-up: any other is 409 `topup_not_paid`. Admins only, never for their "
                    + "own account or a top-up they asked for (403). Where payments go through Stripe it is 404 `no_sandbox`.",
            extensions = @Extension(name = "x-problem-codes", value = "no_sandbox unknown_topup topup_not_paid"))
    @APIResponse(responseCode = "200", description = "The top-up after the refund: `refunded_tokens` taken back.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TopUpResource.TopUpView.class),
                    examples = @ExampleObject(name = "refunded", value = REFUNDED)))
    public Uni<TopUpResource.TopUpView> refund(@Parameter(description = TOPUP_ID) @PathParam("topup_id") String topupId) {
        return privileged(topupId, "refund the payment of a top-up").chain(topUp -> {
            if (topUp.state != TopUp.State.credited) {
                // Only a credited top-up's tokens are taken back; the saga refunds a paid one it did not credit itself.
                throw new ApiException(ErrorCode.TOPUP_NOT_PAID, "Top-up '" + topupId + "' is " + topUp.state
                        + ": only a credited top-up's payment is refunded here.");
            }
            return sandbox.refundOutside(topUp.paymentRef);
        }).chain(refunded -> {
                    if (!refunded) {
                        throw new ApiException(ErrorCode.TOPUP_NOT_PAID, "Top-up '" + topupId + "': its payment was not taken, "
                                + "so there is nothing to refund.");
                    }
                    return refunds.onRefund(SandboxGateway.refundRef(topupId));
                })
                .chain(() -> saga.find(topupId))
                .map(TopUpResource.TopUpView::of);
    }

    private Uni<TopUpResource.TopUpView> settle(String topupId, boolean succeeded) {
        return privileged(topupId, "confirm the payment of a top-up").chain(topUp -> sandbox.settle(topUp.paymentRef, succeeded)
                .chain(payment -> saga.onPaymentNotice(topUp.paymentRef, !succeeded))
                .chain(() -> saga.find(topupId))
                .map(TopUpResource.TopUpView::of));
    }

    /** The top-up with a sandbox payment, when the caller is not its account nor the admin who asked for it. */
    private Uni<TopUp> privileged(String topupId, String what) {
        if (!selection.sandbox()) {
            throw new ApiException(ErrorCode.NO_SANDBOX, "Payments here go through Stripe; there is no sandbox to confirm.");
        }
        return saga.find(topupId).invoke(topUp -> {
            if (topUp == null || topUp.paymentRef == null) {
                throw new ApiException(ErrorCode.UNKNOWN_TOPUP, "No top-up '" + topupId + "' with a payment.");
            }
            Ownership.refuseOwnAccount(caller, topUp.account, what);
            if (caller.getPrincipal().getName().equals(topUp.requestedBy)) {
                throw new ApiException(ErrorCode.FORBIDDEN, "An admin does not " + what + " it asked for itself: another admin must.");
            }
        });
    }
}
