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
 * Asking for tokens (SPEC §3, §10): the answer is a payment to make ({@code requires_payment} with
 * the provider's client secret for a checkout page), never tokens. The wallet is credited only when
 * the provider confirms the payment ({@link StripeWebhookResource}, or in dev and test the
 * privileged {@link SandboxPaymentResource}).
 */
@Path("/v1/topups")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "top-ups", description = "Buying tokens: a top-up is priced, paid through the payment provider, and credited only once the payment is verified.")
public class TopUpResource {

    static final String VIEW = "{\"topup_id\":\"topup-7f3a\",\"account\":\"user:alice\",\"amount_tokens\":9450,"
            + "\"amount_minor\":945,\"currency\":\"usd\",\"state\":\"requires_payment\",\"payment_ref\":\"pi_3PqXyZ\","
            + "\"client_secret\":\"pi_3PqXyZ_secret_4fGh\",\"failure\":null,\"chargeback_tokens\":null,\"chargeback_state\":null,\"refunded_tokens\":0}";
    static final String CANCELLED = "{\"topup_id\":\"topup-7f3a\",\"account\":\"user:alice\",\"amount_tokens\":9450,"
            + "\"amount_minor\":945,\"currency\":\"usd\",\"state\":\"failed\",\"payment_ref\":\"pi_3PqXyZ\","
            + "\"client_secret\":null,\"failure\":\"cancelled by user:alice\",\"chargeback_tokens\":null,\"chargeback_state\":null,\"refunded_tokens\":0}";
    static final String CREDITED = "{\"topup_id\":\"topup-7f3a\",\"account\":\"user:alice\",\"amount_tokens\":9450,"
            + "\"amount_minor\":945,\"currency\":\"usd\",\"state\":\"credited\",\"payment_ref\":\"pi_3PqXyZ\","
            + "\"client_secret\":null,\"failure\":null,\"chargeback_tokens\":null,\"chargeback_state\":null,\"refunded_tokens\":0}";

    public record TopUpRequest(
            @NotBlank String topupId,
            @NotBlank String account,
            @NotNull @Positive Long amountTokens) {
    }

    /** The saga as its owner sees it; {@code client_secret} is what Stripe.js needs to collect the payment. */
    public record TopUpView(String topupId, String account, long amountTokens, @Schema(nullable = true) Long amountMinor, String currency, String state,
                            @Schema(nullable = true) String paymentRef, @Schema(nullable = true) String clientSecret, @Schema(nullable = true) String failure,
                            @Schema(nullable = true, description = "The tokens a chargeback (the payment disputed at the card "
                                    + "holder's bank) took back from the wallet: its own take, and what a refund taken before it "
                                    + "left to it by failing (the bank has that money); given back if the dispute was won "
                                    + "(returned). null when it took none.") Long chargebackTokens,
                            @Schema(nullable = true, description = "taking, taken, returning, returned, lost or null. taken: the "
                                    + "bank holds the money; returned: the dispute was won (the tokens, if any were taken, given back); "
                                    + "lost: the tokens stay taken; taking, returning: being moved now; null: no chargeback.")
                            String chargebackState,
                            @Schema(description = "The tokens refunds of the payment made outside the top-up's own "
                                    + "compensation (the Stripe Dashboard or API, a card network preventing a dispute) took back "
                                    + "from the wallet, once per refund; 0 when none.") long refundedTokens) {
        static TopUpView of(TopUp topUp) {
            return new TopUpView(topUp.topupId, topUp.account, topUp.amountTokens, topUp.amountMinor, topUp.currency,
                    topUp.state.name(), topUp.paymentRef,
                    topUp.state == TopUp.State.requires_payment ? topUp.clientSecret : null, topUp.failure,
                    topUp.chargebackTokens == null && topUp.chargebackKeptTokens == 0 ? null : topUp.chargebackHeld(),
                    topUp.chargebackState, topUp.refundedTokens);
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
    @Operation(operationId = "startTopUp", summary = "Start a top-up: price it and create its payment",
            description = "Prices `amount_tokens` at the top-up rate ($0.001 a token by default, exact: 9450 tokens cost "
                    + "945 cents) and creates the payment at the provider. The answer is 201 with state `requires_payment` "
                    + "and the provider's `client_secret` for the checkout page; nothing is credited now: the wallet is "
                    + "credited only once the provider confirms the payment (Stripe's signed webhook, the payment read back; "
                    + "should every webhook be lost, the payment read back succeeded once the top-up is overdue). The account's owner "
                    + "(the token's subject) or an admin may start one, never for a system account (`platform:…`, `escrow`: "
                    + "403). Idempotent on `topup_id`: the same request again "
                    + "answers 200 with the saga as it is now; the same `topup_id` for another account or amount is 409 "
                    + "`topup_id_reused`. A top-up is 500 to 1000000 tokens, at most 2000000 per account and UTC day (429 "
                    + "`topup_daily_limit`); a price that is not a whole number of cents is 400 `inexact_price`.",
            extensions = @Extension(name = "x-problem-codes", value = "invalid_field invalid_topup_id unknown_account invalid_amount "
            + "topup_amount_out_of_range inexact_price topup_id_reused topup_daily_limit"))
    @APIResponse(responseCode = "201", description = "Started: the payment to make.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TopUpView.class),
                    examples = @ExampleObject(name = "requires-payment", value = VIEW)))
    @APIResponse(responseCode = "200", description = "A replay: the top-up with this `topup_id` as it is now.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TopUpView.class),
                    examples = @ExampleObject(name = "replayed", value = VIEW)))
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "tokens", value = "{\"topup_id\":\"topup-7f3a\",\"account\":\"user:alice\",\"amount_tokens\":9450}")))
    public Uni<Response> start(@Valid @NotNull TopUpRequest request) {
        if (!SuiteIds.isCallerId(request.topupId())) {
            throw new ApiException(ErrorCode.INVALID_TOPUP_ID, "topup_id must be 1-128 letters, digits or :._@-");
        }
        Accounts.require(request.account());
        Ownership.requireOwnerOrPrivileged(caller, request.account());
        // The treasury credits a top-up: a system account is never its account (escrow would hold tokens
        // no hold accounts for; the treasury would pay itself for a real payment).
        Accounts.refuseSystem(request.account(), "no top-up is made for it.");
        return saga.start(request.topupId(), request.account(), request.amountTokens(), caller.getPrincipal().getName())
                .map(started -> Response.status(started.created() ? 201 : 200).entity(TopUpView.of(started.topUp())).build());
    }

    @GET
    @Path("/{topup_id}")
    @Operation(operationId = "getTopUp", summary = "Read a top-up",
            description = "The top-up saga as it is now: requested, requires_payment (with the `client_secret` to pay it), "
                    + "captured, credited, compensating, refunded or failed (with its `failure`). The account's owner (the "
                    + "token's subject) or an admin may read it; anyone else is refused 403.",
            extensions = @Extension(name = "x-problem-codes", value = "unknown_topup"))
    @APIResponse(responseCode = "200", description = "The top-up as it is now.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TopUpView.class),
                    examples = @ExampleObject(name = "credited", value = CREDITED)))
    public Uni<TopUpView> get(@Parameter(description = "The top-up's id, as its caller chose it.") @PathParam("topup_id") String topupId) {
        return callersTopUp(topupId).map(TopUpView::of);
    }

    /** The account's owner (or an admin) cancels a top-up awaiting its payment. */
    @POST
    @Path("/{topup_id}/cancel")
    @Consumes(MediaType.WILDCARD)
    @Operation(operationId = "cancelTopUp", summary = "Cancel a top-up awaiting its payment",
            description = "Cancels the top-up's payment at the provider (Stripe: the PaymentIntent is cancelled) and ends the "
                    + "top-up `failed` (`cancelled by <caller>`): unpaid top-ups someone else started for the account (an admin "
                    + "may) no longer count towards its daily limit, so they do not block its own for days; a failed one the owner "
                    + "started itself still counts once a payment was created for it (cancelled, declined or abandoned), so "
                    + "starting and cancelling in a loop creates no payments without end. Only a top-up in `requires_payment` "
                    + "whose payment the provider "
                    + "cancels: a payment taken meanwhile or still processing is 409 `topup_not_cancellable` (a taken one is "
                    + "credited once the provider confirms it, as always), as is any other state; a failed one answers "
                    + "as it is (a replay). The account's owner (the token's subject) or an admin may cancel it; anyone else is "
                    + "refused 403. When the provider cannot be asked, 503 `service_unavailable` and nothing changes.",
            extensions = @Extension(name = "x-problem-codes", value = "unknown_topup topup_not_cancellable service_unavailable"))
    @APIResponse(responseCode = "200", description = "The top-up afterwards: failed.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TopUpView.class),
                    examples = @ExampleObject(name = "cancelled", value = CANCELLED)))
    public Uni<TopUpView> cancel(@Parameter(description = "The top-up's id, as its caller chose it.") @PathParam("topup_id") String topupId) {
        return callersTopUp(topupId).chain(topUp -> saga.cancel(topUp, caller.getPrincipal().getName())).map(TopUpView::of);
    }

    /** The top-up, when the caller is its account's owner or an admin: 404 when there is none, 403 for anyone else. */
    private Uni<TopUp> callersTopUp(String topupId) {
        return saga.find(topupId).invoke(topUp -> {
            if (topUp == null) {
                throw new ApiException(ErrorCode.UNKNOWN_TOPUP, "No top-up '" + topupId + "'.");
            }
            Ownership.requireOwnerOrPrivileged(caller, topUp.account);
        });
    }
}
