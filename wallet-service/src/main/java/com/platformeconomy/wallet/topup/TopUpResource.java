package com.platformeconomy.wallet.topup;

import com.platformeconomy.contracts.event.SuiteIds;
import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import com.platformeconomy.platform.security.Ownership;
import com.platformeconomy.wallet.balance.Accounts;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Asking for tokens (SPEC §3, §10): the answer is a payment to make ({@code requires_payment} with
 * the provider's client secret for a checkout page), never tokens. The wallet is credited only when
 * the provider confirms the payment ({@link StripeWebhookResource}, or in dev and test the
 * privileged {@link SandboxPaymentResource}).
 */
@Path("/v1/topups")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class TopUpResource {

    public record TopUpRequest(
            @NotBlank String topupId,
            @NotBlank String account,
            @NotNull @Positive Long amountTokens) {
    }

    /** The saga as its owner sees it; {@code client_secret} is what Stripe.js needs to collect the payment. */
    public record TopUpView(String topupId, String account, long amountTokens, Long amountMinor, String currency, String state,
                            String paymentRef, String clientSecret, String failure) {
        static TopUpView of(TopUp topUp) {
            return new TopUpView(topUp.topupId, topUp.account, topUp.amountTokens, topUp.amountMinor, topUp.currency,
                    topUp.state.name(), topUp.paymentRef,
                    topUp.state == TopUp.State.requires_payment ? topUp.clientSecret : null, topUp.failure);
        }
    }

    private final TopUpSaga saga;
    private final SecurityIdentity caller;

    public TopUpResource(TopUpSaga saga, SecurityIdentity caller) {
        this.saga = saga;
        this.caller = caller;
    }

    /** Prices the top-up and creates its payment: 201 {@code requires_payment} (a replay 200). Credits nothing. */
    @POST
    public Uni<Response> start(@Valid @NotNull TopUpRequest request) {
        if (!SuiteIds.isCallerId(request.topupId())) {
            throw new ApiException(ErrorCode.INVALID_TOPUP_ID, "topup_id must be 1-128 letters, digits or :._@-");
        }
        Accounts.require(request.account());
        Ownership.requireOwnerOrPrivileged(caller, request.account());
        return saga.find(request.topupId()).chain(existing -> saga.start(request.topupId(), request.account(), request.amountTokens())
                .map(topUp -> Response.status(existing == null ? 201 : 200).entity(TopUpView.of(topUp)).build()));
    }

    @GET
    @Path("/{topup_id}")
    public Uni<TopUpView> get(@PathParam("topup_id") String topupId) {
        return saga.find(topupId).map(topUp -> {
            if (topUp == null) {
                throw new ApiException(ErrorCode.UNKNOWN_TOPUP, "No top-up '" + topupId + "'.");
            }
            Ownership.requireOwnerOrPrivileged(caller, topUp.account);
            return TopUpView.of(topUp);
        });
    }
}
