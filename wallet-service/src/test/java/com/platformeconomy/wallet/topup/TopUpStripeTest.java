package com.platformeconomy.wallet.topup;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.platformeconomy.wallet.WalletApi.balance;
import static com.platformeconomy.wallet.WalletApi.newUser;
import static com.platformeconomy.wallet.topup.StripeStub.WEBHOOK_SECRET;
import static com.platformeconomy.wallet.topup.StripeStub.error;
import static com.platformeconomy.wallet.topup.StripeStub.event;
import static com.platformeconomy.wallet.topup.StripeStub.onCancel;
import static com.platformeconomy.wallet.topup.StripeStub.onCreate;
import static com.platformeconomy.wallet.topup.StripeStub.onRefund;
import static com.platformeconomy.wallet.topup.StripeStub.onRetrieve;
import static com.platformeconomy.wallet.topup.StripeStub.paymentIntent;
import static com.platformeconomy.wallet.topup.StripeStub.refund;
import static com.platformeconomy.wallet.topup.StripeStub.signature;
import static com.platformeconomy.wallet.topup.TopUpFixture.askAsOwner;
import static com.platformeconomy.wallet.topup.TopUpFixture.crashedAt;
import static com.platformeconomy.wallet.topup.TopUpFixture.due;
import static com.platformeconomy.wallet.topup.TopUpFixture.newTopUp;
import static com.platformeconomy.wallet.topup.TopUpFixture.onVertx;
import static com.platformeconomy.wallet.topup.TopUpFixture.state;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import com.platformeconomy.stack.LocalStackResource;
import com.platformeconomy.wallet.topup.SagaFaults.Point;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The top-up saga with Stripe as its provider (SPEC §10), Stripe's API stood in for by WireMock:
 * tokens land only after a signed {@code payment_intent.succeeded} webhook and a read-back of the
 * PaymentIntent that matches the top-up; everything else moves nothing, or refunds.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
@TestProfile(StripeStub.Profile.class)
class TopUpStripeTest {

    @Inject
    SagaFaults faults;
    @Inject
    TopUpSaga saga;

    /** A top-up of {@code tokens} asked for by its owner; Stripe answers with an unpaid PaymentIntent. */
    private static String[] asked(String user, long tokens) {
        String id = newTopUp();
        String intent = "pi_" + id.substring(3).replace("-", "");
        onCreate(id, 200, paymentIntent(intent, id, user, tokens / 10, "usd", "requires_payment_method"));
        askAsOwner(id, user, tokens).statusCode(201)
                .body("state", equalTo("requires_payment"))
                .body("client_secret", equalTo(intent + "_secret_Xyz"))
                .body("amount_minor", equalTo((int) (tokens / 10)))
                .body("currency", equalTo("usd"));
        return new String[] {id, intent};
    }

    private static ValidatableResponse deliver(String payload, String signature) {
        return given().header("Stripe-Signature", signature).contentType("application/json").body(payload)
                .when().post("/v1/webhooks/stripe").then();
    }

    private static ValidatableResponse deliver(String payload) {
        return deliver(payload, signature(payload, Instant.now().getEpochSecond(), WEBHOOK_SECRET));
    }

    /** Stripe says the intent succeeded: the read-back answers so, and the signed event is delivered. */
    private static ValidatableResponse paid(String id, String intent, String user, long cents) {
        String succeeded = paymentIntent(intent, id, user, cents, "usd", "succeeded");
        onRetrieve(intent, 200, succeeded);
        return deliver(event("payment_intent.succeeded", succeeded));
    }

    private void recover() {
        onVertx(() -> saga.recover());
    }

    @Test
    void aPaidTopUpIsCreditedOnceOnTheVerifiedWebhookAndNotBefore() {
        String user = newUser();
        String[] t = asked(user, 5_000);
        // The PaymentIntent carries the top-up id in its metadata and as its idempotency key.
        StripeStub.server.verify(postRequestedFor(urlPathEqualTo("/v1/payment_intents"))
                .withHeader("Idempotency-Key", com.github.tomakehurst.wiremock.client.WireMock.equalTo(t[0]))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("metadata[topup_id]=" + t[0]))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("amount=500"))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("currency=usd")));
        recover();
        assertThat(balance(user)).isZero();

        paid(t[0], t[1], user, 500).statusCode(200).body("outcome", equalTo("applied"));
        assertThat(state(t[0])).isEqualTo("credited");
        assertThat(balance(user)).isEqualTo(5_000);

        // A replayed delivery (Stripe retries) moves nothing.
        paid(t[0], t[1], user, 500).statusCode(200).body("outcome", equalTo("replay"));
        recover();
        assertThat(balance(user)).isEqualTo(5_000);
        // And the same top-up asked again answers the saga, not a second payment.
        askAsOwner(t[0], user, 5_000).statusCode(200).body("state", equalTo("credited"));
    }

    /**
     * A payment of the other mode than the service's is no payment of it: a test card's payment credits nothing
     * on a live service (its key's mode is checked at start too: GatewaySelectionTest). Here the service is in
     * test mode, as every test is, and the read-back answers a live PaymentIntent: the same comparison.
     */
    @Test
    void aPaymentMadeInTheOtherModeThanTheServicesCreditsNothing() {
        String user = newUser();
        String[] t = asked(user, 1_000);
        String otherMode = paymentIntent(t[1], t[0], user, 100, "usd", "succeeded", true);
        onRetrieve(t[1], 200, otherMode);
        deliver(event("payment_intent.succeeded", otherMode)).statusCode(200).body("outcome", equalTo("mismatch"));
        recover();
        assertThat(state(t[0])).isEqualTo("requires_payment");
        assertThat(balance(user)).isZero();
        // The same payment made in the service's mode is credited once.
        paid(t[0], t[1], user, 100).statusCode(200).body("outcome", equalTo("applied"));
        assertThat(balance(user)).isEqualTo(1_000);
    }

    @Test
    void aWebhookWithABadSignatureIsRefusedAndMovesNothing() {
        String user = newUser();
        String[] t = asked(user, 1_000);
        String succeeded = paymentIntent(t[1], t[0], user, 100, "usd", "succeeded");
        onRetrieve(t[1], 200, succeeded);
        String payload = event("payment_intent.succeeded", succeeded);
        long now = Instant.now().getEpochSecond();
        deliver(payload, signature(payload, now, "whsec_someone_else")).statusCode(400).body("code", equalTo("bad_signature"));
        deliver(payload.replace("\"livemode\":false", "\"livemode\":true"), signature(payload, now, WEBHOOK_SECRET))
                .statusCode(400).body("code", equalTo("bad_signature"));
        given().contentType("application/json").body(payload).when().post("/v1/webhooks/stripe")
                .then().statusCode(400).body("code", equalTo("missing_signature"));
        assertThat(state(t[0])).isEqualTo("requires_payment");
        assertThat(balance(user)).isZero();
    }

    @Test
    void aWebhookSignedLongAgoIsRefused() {
        String user = newUser();
        String[] t = asked(user, 1_000);
        String succeeded = paymentIntent(t[1], t[0], user, 100, "usd", "succeeded");
        onRetrieve(t[1], 200, succeeded);
        String payload = event("payment_intent.succeeded", succeeded);
        deliver(payload, signature(payload, Instant.now().minusSeconds(600).getEpochSecond(), WEBHOOK_SECRET))
                .statusCode(400).body("code", equalTo("bad_signature"));
        assertThat(state(t[0])).isEqualTo("requires_payment");
        assertThat(balance(user)).isZero();
    }

    @Test
    void aPaymentOfAnotherAmountOrCurrencyCreditsNothing() {
        String user = newUser();
        String[] t = asked(user, 1_000);
        // The event claims the right amount; the PaymentIntent read back from Stripe says otherwise.
        String claimed = paymentIntent(t[1], t[0], user, 100, "usd", "succeeded");
        onRetrieve(t[1], 200, paymentIntent(t[1], t[0], user, 1, "usd", "succeeded"));
        deliver(event("payment_intent.succeeded", claimed)).statusCode(200).body("outcome", equalTo("mismatch"));
        onRetrieve(t[1], 200, paymentIntent(t[1], t[0], user, 100, "eur", "succeeded"));
        deliver(event("payment_intent.succeeded", claimed)).statusCode(200).body("outcome", equalTo("mismatch"));
        // Nor does a payment Stripe has not taken, whatever the event says.
        onRetrieve(t[1], 200, paymentIntent(t[1], t[0], user, 100, "usd", "processing"));
        deliver(event("payment_intent.succeeded", claimed)).statusCode(200).body("outcome", equalTo("ignored"));
        recover();
        assertThat(state(t[0])).isEqualTo("requires_payment");
        assertThat(balance(user)).isZero();
    }

    @Test
    void aWebhookForAnUnknownIntentMovesNothing() {
        onRetrieve("pi_nosuch", 404, error("invalid_request_error", "resource_missing", "No such payment_intent: 'pi_nosuch'"));
        deliver(event("payment_intent.succeeded", paymentIntent("pi_nosuch", "tu-nosuch", "user:x", 100, "usd", "succeeded")))
                .statusCode(200).body("outcome", equalTo("unknown"));
        // Known to Stripe, but not a top-up of ours.
        String user = newUser();
        onRetrieve("pi_foreign", 200, paymentIntent("pi_foreign", "tu-not-ours", user, 100, "usd", "succeeded"));
        deliver(event("payment_intent.succeeded", paymentIntent("pi_foreign", "tu-not-ours", user, 100, "usd", "succeeded")))
                .statusCode(200).body("outcome", equalTo("unknown"));
        assertThat(balance(user)).isZero();
    }

    @Test
    void aWebhookArrivingBeforeTheCreateCallReturnedIsCreditedOnce() {
        String user = newUser();
        String id = newTopUp();
        String intent = "pi_early" + Long.toHexString(System.nanoTime());
        // Stripe created the intent, but its answer never reached us.
        onCreate(id, 500, error("api_error", "", "An unknown error occurred"));
        askAsOwner(id, user, 2_000).statusCode(201).body("state", equalTo("requested"));
        paid(id, intent, user, 200).statusCode(200).body("outcome", equalTo("applied"));
        assertThat(state(id)).isEqualTo("credited");
        assertThat(balance(user)).isEqualTo(2_000);

        // Recovery and a repeated request leave the credited saga as it is.
        onCreate(id, 200, paymentIntent(intent, id, user, 200, "usd", "succeeded"));
        askAsOwner(id, user, 2_000).statusCode(200).body("state", equalTo("credited"));
        due(id);
        recover();
        assertThat(state(id)).isEqualTo("credited");
        assertThat(balance(user)).isEqualTo(2_000);
    }

    @Test
    void aCreditThatCannotBeMadeIsRefundedThroughStripe() {
        String user = newUser();
        String[] t = asked(user, 3_000);
        onRefund(t[0], 200, refund("re_" + t[1].substring(3), t[1], 300, "succeeded"));
        faults.failNext(Point.CREDIT);
        paid(t[0], t[1], user, 300).statusCode(200).body("outcome", equalTo("applied"));
        assertThat(state(t[0])).isEqualTo("refunded");
        assertThat(balance(user)).isZero();
        StripeStub.server.verify(1, postRequestedFor(urlPathEqualTo("/v1/refunds"))
                .withHeader("Idempotency-Key", com.github.tomakehurst.wiremock.client.WireMock.equalTo(StripeGateway.refundKey(t[0])))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("payment_intent=" + t[1]))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("amount=300")));
        // A replayed webhook does not credit the refunded top-up.
        paid(t[0], t[1], user, 300).statusCode(200).body("outcome", equalTo("replay"));
        assertThat(balance(user)).isZero();
    }

    @Test
    void aTopUpNamedAfterAnotherTopUpsRefundCannotBlockThatRefund() {
        String user = newUser();
        String[] t = asked(user, 3_000);
        // Another account's top-up, named as a refund key could be: its PaymentIntent takes that key at Stripe,
        // which then refuses any other request under it for a day.
        String squatter = newUser();
        String squatting = "refund-" + t[0];
        onCreate(squatting, 200, paymentIntent("pi_squat" + t[1].substring(3), squatting, squatter, 300, "usd",
                "requires_payment_method"));
        askAsOwner(squatting, squatter, 3_000).statusCode(201);
        StripeStub.server.stubFor(post(urlPathEqualTo("/v1/refunds")).withHeader("Idempotency-Key",
                        com.github.tomakehurst.wiremock.client.WireMock.equalTo(squatting))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json").withBody(error(
                        "idempotency_error", "idempotency_key_in_use",
                        "Keys for idempotent requests can only be used with the same parameters they were first used with."))));
        // A refund under a key no caller's top-up id can be (it holds a '/') is made.
        StripeStub.server.stubFor(post(urlPathEqualTo("/v1/refunds")).withHeader("Idempotency-Key",
                        com.github.tomakehurst.wiremock.client.WireMock.matching(".*/.*"))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("payment_intent=" + t[1]))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(refund("re_" + t[1].substring(3), t[1], 300, "succeeded"))));
        faults.failNext(Point.CREDIT);
        paid(t[0], t[1], user, 300).statusCode(200).body("outcome", equalTo("applied"));
        assertThat(state(t[0])).isEqualTo("refunded");
        assertThat(balance(user)).isZero();
    }

    @Test
    void aRefundStripeRefusesOrLeavesPendingIsRetriedUntilConfirmed() {
        String user = newUser();
        String[] t = asked(user, 3_000);
        String refundId = "re_" + t[1].substring(3);
        onRefund(t[0], 500, error("api_error", "", "An unknown error occurred"));
        faults.failNext(Point.CREDIT);
        paid(t[0], t[1], user, 300).statusCode(200);
        assertThat(state(t[0])).isEqualTo("compensating");

        onRefund(t[0], 200, refund(refundId, t[1], 300, "pending"));
        due(t[0]);
        recover();
        assertThat(state(t[0])).isEqualTo("compensating");

        // Now asked by its id: Stripe confirms it.
        StripeStub.onRefundRetrieve(refundId, 200, refund(refundId, t[1], 300, "succeeded"));
        due(t[0]);
        recover();
        assertThat(state(t[0])).isEqualTo("refunded");
        assertThat(balance(user)).isZero();
    }

    @Test
    void aRestartInEveryStateFinishesOrCompensatesTheSaga() {
        String user = newUser();
        // requested: the create call's answer was lost; recovery asks again (same idempotency key).
        String requested = newTopUp();
        onCreate(requested, 503, error("api_error", "", "unavailable"));
        askAsOwner(requested, user, 1_000).statusCode(201).body("state", equalTo("requested"));
        onCreate(requested, 200, paymentIntent("pi_r" + requested.substring(3, 11), requested, user, 100, "usd",
                "requires_payment_method"));
        due(requested);
        recover();
        assertThat(state(requested)).isEqualTo("requires_payment");

        // requires_payment, never paid and overdue: its intent is cancelled and the top-up fails.
        String[] unpaid = asked(user, 1_000);
        onCancel(unpaid[1], 200, paymentIntent(unpaid[1], unpaid[0], user, 100, "usd", "canceled"));
        due(unpaid[0]);
        recover();
        assertThat(state(unpaid[0])).isEqualTo("failed");

        // captured: the service died after recording the payment, before crediting.
        String[] captured = asked(user, 1_000);
        crashedAt(captured[0], "captured");
        recover();
        assertThat(state(captured[0])).isEqualTo("credited");

        // compensating: the service died before the refund.
        String[] compensating = asked(user, 1_000);
        onRefund(compensating[0], 200, refund("re_c" + compensating[0].substring(3, 11), compensating[1], 100, "succeeded"));
        crashedAt(compensating[0], "compensating");
        recover();
        assertThat(state(compensating[0])).isEqualTo("refunded");

        // Finished sagas stay as they are.
        recover();
        assertThat(state(unpaid[0])).isEqualTo("failed");
        assertThat(state(captured[0])).isEqualTo("credited");
        assertThat(state(compensating[0])).isEqualTo("refunded");
        assertThat(balance(user)).isEqualTo(1_000);
    }

    /**
     * Top-up {@code t} (id, intent) is overdue, and Stripe will not cancel its payment, which it reads back in
     * {@code status}, as Stripe refuses to cancel a PaymentIntent in that state; then recovery runs.
     */
    private void overdueWhenStripeSays(String[] t, String user, long cents, String status) {
        onCancel(t[1], 400, error("invalid_request_error", "payment_intent_unexpected_state",
                "You cannot cancel this PaymentIntent because it has a status of " + status + "."));
        onRetrieve(t[1], 200, paymentIntent(t[1], t[0], user, cents, "usd", status));
        due(t[0]);
        recover();
    }

    /**
     * Stripe stops retrying a webhook after 3 days; the top-up's payment timeout is 4. A payment whose every
     * delivery was lost is found when its top-up is overdue: Stripe refuses to cancel it and reads it back
     * succeeded, with the service's own key, the authority the webhook's read-back is too. It is credited then,
     * once; before, the top-up waited for a webhook that would never come, for ever. A payment still processing
     * then is not failed (its money may yet be taken, and nothing would credit or refund it): it waits.
     */
    @Test
    void aPaymentWhoseWebhooksWereAllLostIsCreditedOnceItsTopUpIsOverdue() {
        String user = newUser();
        String[] paid = asked(user, 1_000);
        overdueWhenStripeSays(paid, user, 100, "succeeded");
        assertThat(state(paid[0])).isEqualTo("credited");
        assertThat(balance(user)).isEqualTo(1_000);
        // A webhook that comes after all is a replay.
        paid(paid[0], paid[1], user, 100).statusCode(200).body("outcome", equalTo("replay"));
        recover();
        assertThat(balance(user)).isEqualTo(1_000);

        String[] processing = asked(user, 2_000);
        overdueWhenStripeSays(processing, user, 200, "processing");
        assertThat(state(processing[0])).isEqualTo("requires_payment");
        overdueWhenStripeSays(processing, user, 200, "succeeded");
        assertThat(state(processing[0])).isEqualTo("credited");
        assertThat(balance(user)).isEqualTo(3_000);

        // A payment read back succeeded but of another amount than its top-up's credits nothing, then or later.
        String[] other = asked(user, 500);
        overdueWhenStripeSays(other, user, 5_000, "succeeded");
        assertThat(state(other[0])).isEqualTo("requires_payment");
        due(other[0]);
        recover();
        assertThat(state(other[0])).isEqualTo("requires_payment");
        assertThat(balance(user)).isEqualTo(3_000);
    }

    @Test
    void aFailedPaymentEndsTheTopUpFailedAndALatePaymentIsRefunded() {
        String user = newUser();
        String[] t = asked(user, 1_000);
        String declined = paymentIntent(t[1], t[0], user, 100, "usd", "requires_payment_method");
        onRetrieve(t[1], 200, declined);
        onCancel(t[1], 200, paymentIntent(t[1], t[0], user, 100, "usd", "canceled"));
        deliver(event("payment_intent.payment_failed", declined)).statusCode(200).body("outcome", equalTo("failed"));
        assertThat(state(t[0])).isEqualTo("failed");

        // Should Stripe still report it paid, the money goes back.
        onRefund(t[0], 200, refund("re_l" + t[1].substring(3), t[1], 100, "succeeded"));
        paid(t[0], t[1], user, 100).statusCode(200).body("outcome", equalTo("applied"));
        assertThat(state(t[0])).isEqualTo("refunded");
        assertThat(balance(user)).isZero();
    }

    @Test
    void aUserWhoAsksAndNeverPaysHasNothing() {
        String user = newUser();
        String[] t = asked(user, 10_000);
        recover();
        given().auth().oauth2(com.platformeconomy.stack.TestTokens.mint(user, "user")).when().get("/v1/topups/" + t[0])
                .then().statusCode(200).body("state", equalTo("requires_payment")).body("client_secret", notNullValue());
        assertThat(balance(user)).isZero();
    }
}
