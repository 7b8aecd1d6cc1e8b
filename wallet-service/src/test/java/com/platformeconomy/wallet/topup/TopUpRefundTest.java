package com.platformeconomy.wallet.topup;

import static com.platformeconomy.wallet.WalletApi.balance;
import static com.platformeconomy.wallet.WalletApi.newUser;
import static com.platformeconomy.wallet.topup.StripeStub.charge;
import static com.platformeconomy.wallet.topup.StripeStub.deliver;
import static com.platformeconomy.wallet.topup.StripeStub.disputed;
import static com.platformeconomy.wallet.topup.StripeStub.dispute;
import static com.platformeconomy.wallet.topup.StripeStub.event;
import static com.platformeconomy.wallet.topup.StripeStub.newDispute;
import static com.platformeconomy.wallet.topup.StripeStub.onRefundList;
import static com.platformeconomy.wallet.topup.StripeStub.onRefundRetrieve;
import static com.platformeconomy.wallet.topup.StripeStub.paidTopUp;
import static com.platformeconomy.wallet.topup.StripeStub.refund;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.platformeconomy.stack.LocalStackResource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A credited top-up's payment refunded outside the saga: by someone in the Stripe Dashboard or the
 * API, or by the card network before a chargeback (Visa RDR: a dispute Stripe marks "prevented",
 * the money refunded). The money went back to the card, so the tokens it bought go back to the
 * treasury, once per refund, below zero if spent. Only the refund's (or charge's) id is taken from
 * the signed event; the refund is read back from Stripe, and only a succeeded one takes anything.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
@TestProfile(StripeStub.Profile.class)
class TopUpRefundTest {

    @Inject
    Refunds refunds;

    private static String newRefund() {
        return "re_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }

    /** Stripe has the refund at {@code status} now, and the signed {@code refund.*} event (which may say otherwise) is delivered. */
    private static ValidatableResponse refunded(String type, String re, String intent, long cents, String status, String eventStatus) {
        onRefundRetrieve(re, 200, refund(re, intent, cents, status));
        return deliver(event(type, refund(re, intent, cents, eventStatus)));
    }

    @Test
    void aRefundMadeOutsideTheSagaTakesBackWhatItsMoneyBoughtOncePerRefund() {
        String user = newUser();
        String[] t = paidTopUp(user, 5_000); // 500 cents
        String intent = t[1];
        TopUpFixture.spend(user, 1_000);

        String first = newRefund();
        refunded("refund.created", first, intent, 200, "succeeded", "succeeded").statusCode(200).body("outcome", equalTo("applied"));
        assertThat(balance(user)).isEqualTo(2_000);
        TopUpFixture.read(t[0]).body("refunded_tokens", equalTo(2_000));
        // Redelivered, and told again as the charge's refund: nothing moves twice.
        refunded("refund.created", first, intent, 200, "succeeded", "succeeded").statusCode(200).body("outcome", equalTo("replay"));
        onRefundList("ch_" + intent.substring(3), refund(first, intent, 200, "succeeded"));
        deliver(event("charge.refunded", charge(intent, 500, 200))).statusCode(200).body("outcome", equalTo("replay"));
        assertThat(balance(user)).isEqualTo(2_000);

        // The rest refunded: the charge's event names only the charge; its refunds are listed at Stripe.
        String second = newRefund();
        onRefundRetrieve(second, 200, refund(second, intent, 300, "succeeded"));
        onRefundList("ch_" + intent.substring(3), refund(second, intent, 300, "succeeded"), refund(first, intent, 200, "succeeded"));
        deliver(event("charge.refunded", charge(intent, 500, 500))).statusCode(200).body("outcome", equalTo("applied"));
        assertThat(balance(user)).as("5,000 bought, 1,000 spent, all of it refunded: a debt of the spent 1,000").isEqualTo(-1_000);
        TopUpFixture.read(t[0]).body("refunded_tokens", equalTo(5_000)).body("state", equalTo("credited"));
        refunded("refund.updated", second, intent, 300, "succeeded", "succeeded").statusCode(200).body("outcome", equalTo("replay"));
        assertThat(balance(user)).isEqualTo(-1_000);
    }

    @Test
    void onlyARefundStripeSaysSucceededTakesAndNoEventsWordCounts() {
        String user = newUser();
        String intent = paidTopUp(user, 1_000)[1];
        String re = newRefund();
        // The event claims success; Stripe has it pending: nothing yet. Then failed: nothing, for good.
        refunded("refund.created", re, intent, 100, "pending", "succeeded").statusCode(200).body("outcome", equalTo("ignored"));
        assertThat(balance(user)).isEqualTo(1_000);
        refunded("refund.failed", re, intent, 100, "failed", "succeeded").statusCode(200).body("outcome", equalTo("ignored"));
        assertThat(balance(user)).isEqualTo(1_000);

        // A pending one that succeeds later takes then.
        String later = newRefund();
        refunded("refund.created", later, intent, 40, "pending", "pending").statusCode(200).body("outcome", equalTo("ignored"));
        refunded("refund.updated", later, intent, 40, "succeeded", "succeeded").statusCode(200).body("outcome", equalTo("applied"));
        assertThat(balance(user)).isEqualTo(600);

        // Stripe failing to answer the read-back: 503 (it delivers the event again), nothing moved.
        String unread = newRefund();
        onRefundRetrieve(unread, 500, StripeStub.error("api_error", "", "An unknown error occurred"));
        deliver(event("refund.created", refund(unread, intent, 100, "succeeded"))).statusCode(503)
                .contentType("application/problem+json").body("code", equalTo("service_unavailable"));
        assertThat(balance(user)).isEqualTo(600);

        // A refund Stripe does not know, of a payment that is no top-up of ours, or larger than the payment: nothing.
        String unknown = newRefund();
        onRefundRetrieve(unknown, 404, StripeStub.error("invalid_request_error", "resource_missing", "No such refund"));
        deliver(event("refund.created", refund(unknown, intent, 100, "succeeded"))).statusCode(200).body("outcome", equalTo("unknown"));
        refunded("refund.created", newRefund(), "pi_notours0000000", 100, "succeeded", "succeeded")
                .statusCode(200).body("outcome", equalTo("unknown"));
        refunded("refund.created", newRefund(), intent, 101, "succeeded", "succeeded")
                .statusCode(200).body("outcome", equalTo("mismatch"));
        assertThat(balance(user)).isEqualTo(600);
    }

    /**
     * What a payment bought is taken back at most once, whatever takes it: a chargeback after a part
     * refund takes only what the refund left, and a refund after a chargeback nothing more.
     */
    @Test
    void aRefundAndAChargebackOfOnePaymentNeverTakeMoreThanItBought() {
        String user = newUser();
        String[] t = paidTopUp(user, 2_000); // 200 cents
        refunded("refund.created", newRefund(), t[1], 50, "succeeded", "succeeded").statusCode(200).body("outcome", equalTo("applied"));
        assertThat(balance(user)).isEqualTo(1_500);
        String dp = newDispute();
        disputed("charge.dispute.created", dp, t[1], 200, "needs_response", "needs_response").statusCode(200)
                .body("outcome", equalTo("applied"));
        assertThat(balance(user)).as("the dispute takes what the refund left").isZero();
        TopUpFixture.read(t[0]).body("chargeback_tokens", equalTo(1_500)).body("refunded_tokens", equalTo(500));

        String other = newUser();
        String[] u = paidTopUp(other, 1_000);
        String dq = newDispute();
        disputed("charge.dispute.closed", dq, u[1], 100, "lost", "lost").statusCode(200).body("outcome", equalTo("applied"));
        deliver(event("charge.dispute.closed", dispute(dq, u[1], 100, "lost"))).statusCode(200).body("outcome", equalTo("replay"));
        TopUpFixture.read(u[0]).body("chargeback_state", equalTo("lost"));
        assertThat(balance(other)).isZero();
        String late = newRefund();
        refunded("refund.created", late, u[1], 100, "succeeded", "succeeded").statusCode(200).body("outcome", equalTo("ignored"));
        assertThat(balance(other)).as("a refund after the chargeback took everything takes nothing more").isZero();
        // That refund failing afterwards has nothing to give back (it took nothing): answered, not refused.
        refunded("refund.failed", late, u[1], 100, "failed", "failed").statusCode(200).body("outcome", equalTo("ignored"));
        assertThat(balance(other)).isZero();
    }

    /**
     * Stripe delivers concurrently, and twice: two refunds of one payment told four times each, all at
     * once, take each refund once and together no more than the payment bought (the second is capped:
     * Stripe would not refund more than was paid, but the wallet does not rely on it).
     */
    @Test
    void deliveriesAtOnceTakeEachRefundOnceAndNeverMoreThanThePaymentBought() throws Exception {
        String user = newUser();
        String[] t = paidTopUp(user, 5_000); // 500 cents
        String a = newRefund();
        String b = newRefund();
        onRefundRetrieve(a, 200, refund(a, t[1], 300, "succeeded"));
        onRefundRetrieve(b, 200, refund(b, t[1], 300, "succeeded"));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<String>> outcomes = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String re = i % 2 == 0 ? a : b;
                outcomes.add(pool.submit(() -> deliver(event("refund.created", refund(re, t[1], 300, "succeeded")))
                        .statusCode(200).extract().jsonPath().getString("outcome")));
            }
            List<String> answers = new java.util.ArrayList<>();
            for (java.util.concurrent.Future<String> outcome : outcomes) {
                answers.add(outcome.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            assertThat(answers).as("one delivery of each refund applies it, the rest are replays")
                    .containsOnly("applied", "replay").filteredOn("applied"::equals).hasSize(2);
        } finally {
            pool.shutdownNow();
        }
        assertThat(balance(user)).as("5,000 bought: 3,000 by the first refund, the 2,000 left by the second").isZero();
        TopUpFixture.read(t[0]).body("refunded_tokens", equalTo(5_000));
    }

    /**
     * The saga's own refund (of a top-up whose credit could not be made) finds a top-up that gave no
     * tokens: nothing. A refund while the saga compensates (it may still find its credit made) is
     * 503, so Stripe delivers it again once the saga has ended.
     */
    @Test
    void theSagasOwnRefundTakesNothingAndOneDuringCompensationComesBack() {
        String user = newUser();
        String[] t = paidTopUp(user, 1_000);
        TopUpFixture.set(t[0], "state = 'compensating'");
        String re = newRefund();
        refunded("refund.created", re, t[1], 100, "succeeded", "succeeded").statusCode(503).contentType("application/problem+json");
        TopUpFixture.set(t[0], "state = 'credited'"); // compensation found the credit made after all
        refunded("refund.created", re, t[1], 100, "succeeded", "succeeded").statusCode(200).body("outcome", equalTo("applied"));
        assertThat(balance(user)).isZero();

        String other = newUser();
        String[] u = paidTopUp(other, 1_000);
        TopUpFixture.set(u[0], "state = 'refunded'"); // as if the saga had voided the credit and refunded
        refunded("refund.created", newRefund(), u[1], 100, "succeeded", "succeeded").statusCode(200).body("outcome", equalTo("ignored"));
        assertThat(balance(other)).isEqualTo(1_000);
    }

    /**
     * A refund that succeeds while a dispute holds every token (a pending refund, then the chargeback)
     * is owed: taken once the dispute is won and its tokens given back, so the user ends with what the
     * refund left, not with the whole payment.
     */
    @Test
    void aRefundOwedDuringADisputeIsTakenWhenTheDisputeIsWon() {
        String user = newUser();
        String[] t = paidTopUp(user, 2_000); // 200 cents
        String dp = newDispute();
        disputed("charge.dispute.created", dp, t[1], 200, "needs_response", "needs_response").statusCode(200)
                .body("outcome", equalTo("applied"));
        assertThat(balance(user)).isZero();
        String re = newRefund();
        refunded("refund.updated", re, t[1], 50, "succeeded", "succeeded").statusCode(200).body("outcome", equalTo("ignored"));
        assertThat(balance(user)).as("owed while the dispute holds the tokens").isZero();

        disputed("charge.dispute.closed", dp, t[1], 200, "won", "won").statusCode(200).body("outcome", equalTo("applied"));
        assertThat(balance(user)).as("2,000 given back, the refund's 500 taken").isEqualTo(1_500);
        TopUpFixture.read(t[0]).body("refunded_tokens", equalTo(500)).body("chargeback_state", equalTo("returned"));
        refunded("refund.updated", re, t[1], 50, "succeeded", "succeeded").statusCode(200).body("outcome", equalTo("replay"));
        assertThat(balance(user)).isEqualTo(1_500);
    }

    /** A refund that fails after it succeeded (the money stayed with the platform) gives its tokens back, once. */
    @Test
    void aRefundThatFailsAfterItWasTakenGivesTheTokensBack() {
        String user = newUser();
        String[] t = paidTopUp(user, 1_000);
        String re = newRefund();
        refunded("refund.created", re, t[1], 40, "succeeded", "succeeded").statusCode(200).body("outcome", equalTo("applied"));
        assertThat(balance(user)).isEqualTo(600);
        refunded("refund.failed", re, t[1], 40, "failed", "failed").statusCode(200).body("outcome", equalTo("applied"));
        assertThat(balance(user)).isEqualTo(1_000);
        TopUpFixture.read(t[0]).body("refunded_tokens", equalTo(0));
        refunded("refund.failed", re, t[1], 40, "failed", "failed").statusCode(200).body("outcome", equalTo("replay"));
        refunded("refund.updated", re, t[1], 40, "succeeded", "failed").statusCode(200).body("outcome", equalTo("replay"));
        assertThat(balance(user)).isEqualTo(1_000);
    }

    /**
     * A refund taken, then a chargeback of the whole payment capped by it (the bank took all the
     * money, the refund's tokens were already gone), then the refund fails: the card holder has all
     * the money back through the dispute, so the refund's tokens stay taken, now for the chargeback;
     * and a won dispute gives the whole back. A refund failing after the dispute was won, or one the
     * dispute did not need, is given back as before.
     */
    @Test
    void aRefundThatFailsAfterAChargebackCappedByItLeavesItsTokensToTheChargeback() {
        String user = newUser();
        String[] t = paidTopUp(user, 2_000); // 200 cents
        String re = newRefund();
        refunded("refund.created", re, t[1], 50, "succeeded", "succeeded").statusCode(200).body("outcome", equalTo("applied"));
        String dp = newDispute();
        disputed("charge.dispute.created", dp, t[1], 200, "needs_response", "needs_response").statusCode(200)
                .body("outcome", equalTo("applied"));
        assertThat(balance(user)).isZero();
        refunded("refund.failed", re, t[1], 50, "failed", "failed").statusCode(200).body("outcome", equalTo("applied"));
        assertThat(balance(user)).as("the bank holds all 200 cents: the refund's 500 tokens stay taken").isZero();
        TopUpFixture.read(t[0]).body("chargeback_tokens", equalTo(2_000)).body("refunded_tokens", equalTo(0));
        refunded("refund.failed", re, t[1], 50, "failed", "failed").statusCode(200).body("outcome", equalTo("replay"));
        assertThat(balance(user)).isZero();
        disputed("charge.dispute.closed", dp, t[1], 200, "won", "won").statusCode(200).body("outcome", equalTo("applied"));
        assertThat(balance(user)).as("won: the whole payment's tokens back").isEqualTo(2_000);

        // A partial dispute (100 of 200 cents) the refund did not cap: the refund failing gives its 500 back.
        String other = newUser();
        String[] u = paidTopUp(other, 2_000);
        String rf = newRefund();
        refunded("refund.created", rf, u[1], 50, "succeeded", "succeeded").statusCode(200).body("outcome", equalTo("applied"));
        String dq = newDispute();
        disputed("charge.dispute.closed", dq, u[1], 100, "lost", "lost").statusCode(200).body("outcome", equalTo("applied"));
        assertThat(balance(other)).isEqualTo(500);
        refunded("refund.failed", rf, u[1], 50, "failed", "failed").statusCode(200).body("outcome", equalTo("applied"));
        assertThat(balance(other)).isEqualTo(1_000);
        TopUpFixture.read(u[0]).body("chargeback_tokens", equalTo(1_000)).body("refunded_tokens", equalTo(0));

        // A full dispute lost after a refund of 150 of 200 cents took 1,500: the chargeback kept 500; the
        // refund failing leaves it 1,500 more (the bank took all 200 cents), nothing given back.
        String third = newUser();
        String[] v = paidTopUp(third, 2_000);
        String rg = newRefund();
        refunded("refund.created", rg, v[1], 150, "succeeded", "succeeded").statusCode(200).body("outcome", equalTo("applied"));
        String dr = newDispute();
        disputed("charge.dispute.closed", dr, v[1], 200, "lost", "lost").statusCode(200).body("outcome", equalTo("applied"));
        deliver(event("charge.dispute.closed", dispute(dr, v[1], 200, "lost"))).statusCode(200).body("outcome", equalTo("replay"));
        TopUpFixture.read(v[0]).body("chargeback_tokens", equalTo(500)).body("chargeback_state", equalTo("lost"));
        assertThat(balance(third)).isZero();
        refunded("refund.failed", rg, v[1], 150, "failed", "failed").statusCode(200).body("outcome", equalTo("applied"));
        assertThat(balance(third)).isZero();
        TopUpFixture.read(v[0]).body("chargeback_tokens", equalTo(2_000)).body("chargeback_state", equalTo("lost"));

        // A refund of 150 cents takes 1,500; a dispute of 100 cents wants 1,000, takes the 500 left, is lost; a
        // refund of 50 cents pending before it succeeds after it (capped: nothing left to take); then the first
        // refund fails. The money gone is the bank's 100 cents and the second refund's 50: 1,500 tokens stay taken.
        String fourth = newUser();
        String[] w = paidTopUp(fourth, 2_000);
        String r1 = newRefund();
        String r2 = newRefund();
        refunded("refund.created", r1, w[1], 150, "succeeded", "succeeded").statusCode(200).body("outcome", equalTo("applied"));
        refunded("refund.created", r2, w[1], 50, "pending", "pending").statusCode(200).body("outcome", equalTo("ignored"));
        String ds = newDispute();
        disputed("charge.dispute.closed", ds, w[1], 100, "lost", "lost").statusCode(200).body("outcome", equalTo("applied"));
        deliver(event("charge.dispute.closed", dispute(ds, w[1], 100, "lost"))).statusCode(200).body("outcome", equalTo("replay"));
        refunded("refund.updated", r2, w[1], 50, "succeeded", "succeeded").statusCode(200).body("outcome", equalTo("ignored"));
        assertThat(balance(fourth)).isZero();
        refunded("refund.failed", r1, w[1], 150, "failed", "failed").statusCode(200).body("outcome", equalTo("applied"));
        assertThat(balance(fourth)).as("the platform kept 50 of 200 cents: 500 tokens").isEqualTo(500);
        // Then the second refund fails too: only the bank's 100 cents are gone, the 500 kept for it come back.
        refunded("refund.failed", r2, w[1], 50, "failed", "failed").statusCode(200).body("outcome", equalTo("applied"));
        assertThat(balance(fourth)).as("the platform kept 100 of 200 cents: 1,000 tokens").isEqualTo(1_000);
        TopUpFixture.read(w[0]).body("chargeback_tokens", equalTo(1_000)).body("refunded_tokens", equalTo(0));
        refunded("refund.failed", r2, w[1], 50, "failed", "failed").statusCode(200).body("outcome", equalTo("replay"));
        assertThat(balance(fourth)).isEqualTo(1_000);
    }

    /**
     * A refund fails while the dispute is still open and another refund is owed (it waits for the
     * dispute's end): the owed one is not counted as taken, it takes its own share when the dispute
     * ends; lost, the bank's and the owed refund's money are gone; won, only the owed refund's.
     */
    @Test
    void aRefundFailingWhileAnotherIsOwedLeavesTheOwedOneItsOwnShare() {
        for (String end : List.of("lost", "won")) {
            String user = newUser();
            String[] t = paidTopUp(user, 2_000); // 200 cents
            String r1 = newRefund();
            String r2 = newRefund();
            refunded("refund.created", r1, t[1], 150, "succeeded", "succeeded").statusCode(200).body("outcome", equalTo("applied"));
            String dp = newDispute();
            disputed("charge.dispute.created", dp, t[1], 100, "needs_response", "needs_response").statusCode(200)
                    .body("outcome", equalTo("applied"));
            assertThat(balance(user)).isZero();
            refunded("refund.created", r2, t[1], 20, "succeeded", "succeeded").statusCode(200).body("outcome", equalTo("ignored"));
            refunded("refund.failed", r1, t[1], 150, "failed", "failed").statusCode(200).body("outcome", equalTo("applied"));
            assertThat(balance(user)).as("the dispute's 1,000 stay taken, not the owed refund's 200").isEqualTo(1_000);
            disputed("charge.dispute.closed", dp, t[1], 100, end, end).statusCode(200);
            assertThat(balance(user)).as(end + ": 200 cents paid, " + ("lost".equals(end) ? "120" : "20") + " gone")
                    .isEqualTo("lost".equals(end) ? 800 : 1_800);
        }
    }

    /** A refund whose webhook never came is found by the hourly pass over the provider's refunds. */
    @Test
    void aRefundNeverDeliveredIsTakenByTheReconciliationPass() {
        String user = newUser();
        String[] t = paidTopUp(user, 1_000);
        String re = newRefund();
        StripeStub.onRefundsSince(refund(re, t[1], 30, "succeeded"), refund(newRefund(), "pi_notours0000000", 100, "succeeded"));
        TopUpFixture.onVertx(() -> refunds.reconcile());
        assertThat(balance(user)).isEqualTo(700);
        TopUpFixture.onVertx(() -> refunds.reconcile());
        assertThat(balance(user)).as("the next pass finds it taken").isEqualTo(700);
        StripeStub.onRefundsSince();
    }

    /** A take a crash left written down but not made is finished by the sweep, without any webhook or Stripe read. */
    @Test
    void theSweepFinishesATakeACrashLeft() {
        String user = newUser();
        String[] t = paidTopUp(user, 3_000);
        String re = newRefund();
        TopUpFixture.onVertx(() -> Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                        "INSERT INTO topup_refunds (refund_ref, topup_id, amount_minor, tokens, state, created_at, updated_at) "
                                + "VALUES (:re, :id, 300, 3000, 'taking', now() - interval '2 minutes', now() - interval '2 minutes')")
                .setParameter("re", re).setParameter("id", t[0]).executeUpdate())));
        TopUpFixture.set(t[0], "refunded_tokens = 3000");
        TopUpFixture.onVertx(() -> refunds.sweep());
        assertThat(balance(user)).isZero();
        // Stripe then delivers the refund's event: a replay.
        refunded("refund.created", re, t[1], 300, "succeeded", "succeeded").statusCode(200).body("outcome", equalTo("replay"));
        assertThat(balance(user)).isZero();
    }
}
