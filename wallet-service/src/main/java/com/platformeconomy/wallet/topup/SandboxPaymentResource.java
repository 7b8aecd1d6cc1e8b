package com.platformeconomy.wallet.topup;

import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import com.platformeconomy.contracts.identity.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Development and test only: the privileged step that plays the card holder's bank for a sandbox
 * payment (SPEC §10: "a payment is confirmed by a separate, privileged step, never by the caller who
 * asked for tokens"). Admins only; absent (404) where payments go through Stripe. The saga then
 * treats the confirmation exactly as a verified Stripe webhook: it reads the payment back and compares.
 */
@Path("/v1/admin/sandbox/topups/{topup_id}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class SandboxPaymentResource {

    private final GatewaySelection selection;
    private final SandboxGateway sandbox;
    private final TopUpSaga saga;

    public SandboxPaymentResource(GatewaySelection selection, SandboxGateway sandbox, TopUpSaga saga) {
        this.selection = selection;
        this.sandbox = sandbox;
        this.saga = saga;
    }

    /** The payment succeeds: the top-up is credited. */
    @POST
    @Path("/pay")
    @Consumes(MediaType.WILDCARD)
    public Uni<TopUpResource.TopUpView> pay(@PathParam("topup_id") String topupId) {
        return settle(topupId, true);
    }

    /** The payment fails: the top-up ends failed. */
    @POST
    @Path("/decline")
    @Consumes(MediaType.WILDCARD)
    public Uni<TopUpResource.TopUpView> decline(@PathParam("topup_id") String topupId) {
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
            return sandbox.settle(topUp.paymentRef, succeeded)
                    .chain(payment -> saga.onPaymentNotice(topUp.paymentRef, !succeeded))
                    .chain(() -> saga.find(topupId))
                    .map(TopUpResource.TopUpView::of);
        });
    }
}
