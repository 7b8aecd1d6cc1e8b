package com.platformeconomy.wallet.topup;

import static com.platformeconomy.wallet.WalletApi.balance;
import static com.platformeconomy.wallet.WalletApi.newUser;
import static com.platformeconomy.wallet.topup.StripeStub.deliver;
import static com.platformeconomy.wallet.topup.StripeStub.disputed;
import static com.platformeconomy.wallet.topup.StripeStub.dispute;
import static com.platformeconomy.wallet.topup.StripeStub.event;
import static com.platformeconomy.wallet.topup.StripeStub.newDispute;
import static com.platformeconomy.wallet.topup.StripeStub.onCreate;
import static com.platformeconomy.wallet.topup.StripeStub.onDisputeRetrieve;
import static com.platformeconomy.wallet.topup.StripeStub.paidTopUp;
import static com.platformeconomy.wallet.topup.StripeStub.paymentIntent;
import static com.platformeconomy.wallet.topup.TopUpFixture.askAsOwner;
import static com.platformeconomy.wallet.topup.TopUpFixture.newTopUp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.platformeconomy.stack.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A chargeback (Stripe dispute) of a paid top-up: the card holder's bank took the money back, so
 * the tokens it bought go back to the treasury, below zero when they were spent (the next top-up
 * pays that debt); a dispute the platform wins gives them back. Only the dispute's id is taken
 * from the signed event: the dispute is read back from Stripe before anything moves.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
@TestProfile(StripeStub.Profile.class)
class TopUpDisputeTest {

    /** Stripe has the dispute at {@code status} now, and the signed event (which may say otherwise) is delivered. */
    @Test
    void aChargebackTakesTheTokensBackEvenSpentAndAWonDisputeReturnsThem() {
        String user = newUser();
        String[] t = paidTopUp(user, 5_000);
        String intent = t[1];
        TopUpFixture.spend(user, 3_000);
        String dp = newDispute();

        disputed("charge.dispute.created", dp, intent, 500, "needs_response", "needs_response")
                .statusCode(200).body("outcome", equalTo("applied"));
        assertThat(balance(user)).isEqualTo(-3_000);
        TopUpFixture.read(t[0]).body("chargeback_state", equalTo("taken")).body("chargeback_tokens", equalTo(5_000));
        // Stripe delivers it again, and an update while under review: nothing moves twice.
        disputed("charge.dispute.created", dp, intent, 500, "needs_response", "needs_response")
                .statusCode(200).body("outcome", equalTo("replay"));
        disputed("charge.dispute.updated", dp, intent, 500, "under_review", "under_review")
                .statusCode(200).body("outcome", equalTo("replay"));
        assertThat(balance(user)).isEqualTo(-3_000);

        disputed("charge.dispute.closed", dp, intent, 500, "won", "won").statusCode(200).body("outcome", equalTo("applied"));
        assertThat(balance(user)).isEqualTo(2_000);
        TopUpFixture.read(t[0]).body("chargeback_state", equalTo("returned"));
        disputed("charge.dispute.closed", dp, intent, 500, "won", "won").statusCode(200).body("outcome", equalTo("replay"));
        assertThat(balance(user)).isEqualTo(2_000);
    }

    @Test
    void anInquiryTakesNothingALostDisputeKeepsWhatItTookAndOnlyStripesWordCounts() {
        String user = newUser();
        String intent = paidTopUp(user, 1_000)[1];
        String dp = newDispute();
        // An inquiry withdraws no money; an event claiming more than Stripe says is read back first.
        disputed("charge.dispute.created", dp, intent, 100, "warning_needs_response", "needs_response")
                .statusCode(200).body("outcome", equalTo("ignored"));
        assertThat(balance(user)).isEqualTo(1_000);
        disputed("charge.dispute.updated", dp, intent, 100, "needs_response", "needs_response")
                .statusCode(200).body("outcome", equalTo("applied"));
        assertThat(balance(user)).isZero();
        disputed("charge.dispute.closed", dp, intent, 100, "lost", "won").statusCode(200).body("outcome", equalTo("replay"));
        assertThat(balance(user)).isZero();

        // A dispute Stripe does not know, or of a payment that is no top-up of ours, moves nothing.
        String unknown = newDispute();
        onDisputeRetrieve(unknown, 404, StripeStub.error("invalid_request_error", "resource_missing", "No such dispute"));
        deliver(event("charge.dispute.created", dispute(unknown, intent, 100, "needs_response")))
                .statusCode(200).body("outcome", equalTo("unknown"));
        disputed("charge.dispute.created", newDispute(), "pi_notours0000000", 100, "needs_response", "needs_response")
                .statusCode(200).body("outcome", equalTo("unknown"));
        assertThat(balance(user)).isZero();
    }

    /**
     * Two deliveries of one dispute read Stripe at different moments: the one that read the inquiry
     * (before it escalated) can be applied after the one that read the chargeback and took the
     * tokens. That stale reading, and a status Stripe may add later, return nothing: only "won" does.
     */
    @Test
    void aStaleInquiryReadingAfterTheTakeOrAnUnknownStatusReturnsNothing() {
        String user = newUser();
        String intent = paidTopUp(user, 1_000)[1];
        String dp = newDispute();
        disputed("charge.dispute.created", dp, intent, 100, "needs_response", "needs_response")
                .statusCode(200).body("outcome", equalTo("applied"));
        assertThat(balance(user)).isZero();
        // The reading the slower delivery made before the escalation, applied now.
        disputed("charge.dispute.created", dp, intent, 100, "warning_under_review", "warning_needs_response")
                .statusCode(200);
        disputed("charge.dispute.updated", dp, intent, 100, "warning_closed", "warning_closed").statusCode(200);
        disputed("charge.dispute.updated", dp, intent, 100, "a_status_added_later", "a_status_added_later").statusCode(200);
        assertThat(balance(user)).isZero();
        disputed("charge.dispute.closed", dp, intent, 100, "won", "won").statusCode(200).body("outcome", equalTo("applied"));
        assertThat(balance(user)).isEqualTo(1_000);
    }

    @Test
    void aPartialChargebackTakesBackItsShare() {
        String user = newUser();
        String intent = paidTopUp(user, 10_000)[1];
        disputed("charge.dispute.created", newDispute(), intent, 250, "needs_response", "needs_response")
                .statusCode(200).body("outcome", equalTo("applied"));
        assertThat(balance(user)).isEqualTo(7_500);

        // Won before anything was taken: written down, so a reading of the open dispute delivered late takes nothing.
        String other = newUser();
        String[] t = paidTopUp(other, 1_000);
        String dp = newDispute();
        disputed("charge.dispute.closed", dp, t[1], 100, "won", "won").statusCode(200).body("outcome", equalTo("ignored"));
        disputed("charge.dispute.created", dp, t[1], 100, "needs_response", "needs_response")
                .statusCode(200).body("outcome", equalTo("replay"));
        assertThat(balance(other)).isEqualTo(1_000);
    }

    @jakarta.inject.Inject
    Chargebacks chargebacks;

    /** A take a crash left written down but not made is finished by the sweep, without any webhook. */
    @Test
    void theSweepFinishesATakeACrashLeft() {
        String user = newUser();
        String[] t = paidTopUp(user, 3_000);
        String dp = newDispute();
        onDisputeRetrieve(dp, 200, dispute(dp, t[1], 300, "needs_response"));
        TopUpFixture.onVertx(() -> io.quarkus.hibernate.reactive.panache.Panache.withTransaction(() ->
                io.quarkus.hibernate.reactive.panache.Panache.getSession().chain(session -> session.createNativeQuery(
                                "UPDATE topups SET dispute_ref = :dp, chargeback_tokens = 3000, chargeback_state = 'taking', "
                                        + "updated_at = now() - interval '2 minutes' WHERE topup_id = :id")
                        .setParameter("dp", dp).setParameter("id", t[0]).executeUpdate())));
        TopUpFixture.onVertx(() -> chargebacks.sweep());
        assertThat(balance(user)).isZero();
        TopUpFixture.read(t[0]).body("chargeback_state", equalTo("taken"));
    }

    /**
     * A chargeback whose webhook never came is found by the hourly pass over the disputes Stripe
     * opened in the lookback (7 days), on whatever page of the listing it is: its tokens are taken
     * once however often the pass runs, and the webhook arriving late after all is a replay. One the
     * webhook told first is a replay for the pass.
     */
    @Test
    void aDisputeNeverDeliveredIsTakenByTheReconciliationPass() {
        String user = newUser();
        String[] t = paidTopUp(user, 1_000); // 100 cents
        String dp = newDispute();
        String told = newUser();
        String[] other = paidTopUp(told, 2_000); // 200 cents, half of it disputed and told by the webhook
        String toldDp = newDispute();
        disputed("charge.dispute.created", toldDp, other[1], 100, "needs_response", "needs_response")
                .statusCode(200).body("outcome", equalTo("applied"));
        assertThat(balance(told)).isEqualTo(1_000);

        // Two a page, newest first: the undelivered dispute is on the second page, asked with starting_after.
        StripeStub.onDisputesSince(2, dispute(newDispute(), "pi_notours0000000", 100, "needs_response"),
                dispute(toldDp, other[1], 100, "needs_response"), dispute(dp, t[1], 30, "needs_response"));
        long from = Instant.now().minus(Duration.ofDays(7)).getEpochSecond();
        TopUpFixture.onVertx(() -> chargebacks.reconcile());
        long to = Instant.now().minus(Duration.ofDays(7)).getEpochSecond();
        assertThat(balance(user)).as("30 of 100 cents disputed: 300 of 1,000 tokens taken back").isEqualTo(700);
        TopUpFixture.read(t[0]).body("chargeback_state", equalTo("taken")).body("chargeback_tokens", equalTo(300));
        assertThat(balance(told)).as("the dispute the webhook told is not taken again").isEqualTo(1_000);
        assertThat(StripeStub.disputeListingsSince()).as("asked for the disputes opened in the last 7 days")
                .anySatisfy(gte -> assertThat(gte).isBetween(from, to));

        TopUpFixture.onVertx(() -> chargebacks.reconcile());
        assertThat(balance(user)).as("the next pass finds it taken").isEqualTo(700);
        // Stripe's webhook arrives after all (the endpoint back up): a replay.
        disputed("charge.dispute.created", dp, t[1], 30, "needs_response", "needs_response")
                .statusCode(200).body("outcome", equalTo("replay"));
        assertThat(balance(user)).isEqualTo(700);
        assertThat(balance(told)).isEqualTo(1_000);
        StripeStub.onDisputesSince();
    }

    /**
     * A delivery writes down what it is about to do before the move: one that died after writing
     * "taking" is finished by the next delivery, which here finds the dispute won and so takes and
     * gives back (nothing net, each once). A dispute of a top-up not yet credited is 503: Stripe
     * delivers it again once there are tokens to take.
     */
    @Test
    void aHalfDoneTakeIsFinishedAndATopUpNotYetCreditedAsksStripeToComeBack() {
        String user = newUser();
        String[] t = paidTopUp(user, 2_000);
        String dp = newDispute();
        TopUpFixture.onVertx(() -> io.quarkus.hibernate.reactive.panache.Panache.withTransaction(() ->
                io.quarkus.hibernate.reactive.panache.Panache.getSession().chain(session -> session.createNativeQuery(
                                "UPDATE topups SET dispute_ref = :dp, chargeback_tokens = 2000, chargeback_state = 'taking' "
                                        + "WHERE topup_id = :id")
                        .setParameter("dp", dp).setParameter("id", t[0]).executeUpdate())));
        disputed("charge.dispute.closed", dp, t[1], 200, "won", "won").statusCode(200).body("outcome", equalTo("applied"));
        assertThat(balance(user)).isEqualTo(2_000);
        TopUpFixture.read(t[0]).body("chargeback_state", equalTo("returned"));

        String other = newUser();
        String id = newTopUp();
        String intent = "pi_" + id.substring(3).replace("-", "");
        onCreate(id, 200, paymentIntent(intent, id, other, 100, "usd", "requires_payment_method"));
        askAsOwner(id, other, 1_000).statusCode(201);
        disputed("charge.dispute.created", newDispute(), intent, 100, "needs_response", "needs_response")
                .statusCode(503).contentType("application/problem+json");
        assertThat(balance(other)).isZero();
    }
}
