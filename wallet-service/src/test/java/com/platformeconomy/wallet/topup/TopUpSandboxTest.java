package com.platformeconomy.wallet.topup;

import static com.platformeconomy.wallet.WalletApi.balance;
import static com.platformeconomy.wallet.WalletApi.newUser;
import static com.platformeconomy.wallet.topup.TopUpFixture.ask;
import static com.platformeconomy.wallet.topup.TopUpFixture.askAsOwner;
import static com.platformeconomy.wallet.topup.TopUpFixture.crashedAt;
import static com.platformeconomy.wallet.topup.TopUpFixture.due;
import static com.platformeconomy.wallet.topup.TopUpFixture.newTopUp;
import static com.platformeconomy.wallet.topup.TopUpFixture.onVertx;
import static com.platformeconomy.wallet.topup.TopUpFixture.set;
import static com.platformeconomy.wallet.topup.TopUpFixture.state;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.platformeconomy.contracts.event.SuiteIds;
import com.platformeconomy.stack.LocalStackResource;
import com.platformeconomy.stack.TestTokens;
import com.platformeconomy.wallet.redis.Keys;
import com.platformeconomy.wallet.topup.SagaFaults.Point;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import jakarta.inject.Inject;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The top-up saga on the sandbox provider (the test profile's): the user's request creates an
 * unpaid payment; only an admin's confirmation (as ./suite confirm-topup does) pays it. Also the
 * price and the limits, which do not depend on the provider.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class TopUpSandboxTest {

    static final String ADMIN = TestTokens.mint("admin:tests", "admin");

    @Inject
    SagaFaults faults;
    @Inject
    TopUpSaga saga;
    @Inject
    Keys keys;
    @Inject
    @RedisClientName("admin")
    Redis redis;

    private static ValidatableResponse confirm(String token, String topupId, String outcome) {
        return given().auth().oauth2(token).when().post("/v1/admin/sandbox/topups/" + topupId + "/" + outcome).then();
    }

    /** [captured, refunded] counts the sandbox holds for this top-up. */
    private long[] payments(String topupId) {
        Object[] row = onVertx(() -> Panache.withSession(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                        "SELECT count(captured_at), count(refunded_at) FROM sandbox_payments WHERE topup_id = :id", Object[].class)
                .setParameter("id", topupId).getSingleResult())));
        return new long[] {((Number) row[0]).longValue(), ((Number) row[1]).longValue()};
    }

    /** [attempts, the wait set after the last failure in ms, rounded down to 100 ms]. */
    private long[] backoffMillis(String topupId) {
        Object[] row = onVertx(() -> Panache.withSession(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                        "SELECT attempts, extract(epoch FROM next_attempt_at - updated_at) * 1000 FROM topups WHERE topup_id = :id",
                        Object[].class)
                .setParameter("id", topupId).getSingleResult())));
        return new long[] {((Number) row[0]).longValue(), ((Number) row[1]).longValue() / 100 * 100};
    }

    private void recover() {
        onVertx(() -> saga.recover());
    }

    @Test
    void aUsersOwnRequestCreditsNothingUntilAnAdminConfirmsThePayment() {
        String user = newUser();
        String id = newTopUp();
        String userToken = TestTokens.mint(user, "user");
        askAsOwner(id, user, 60_000).statusCode(201).body("state", equalTo("requires_payment"))
                .body("amount_minor", equalTo(6000)).body("currency", equalTo("usd"));
        recover();
        assertThat(balance(user)).isZero();

        // Neither the user nor another service may confirm it.
        confirm(userToken, id, "pay").statusCode(403);
        confirm(TestTokens.service("revenue-service", "wallet-service"), id, "pay").statusCode(403);
        confirm(TestTokens.service("developer-earnings-service", "wallet-service"), id, "pay").statusCode(403);
        assertThat(balance(user)).isZero();

        confirm(ADMIN, id, "pay").statusCode(200).body("state", equalTo("credited"));
        assertThat(balance(user)).isEqualTo(60_000);
        confirm(ADMIN, id, "pay").statusCode(200).body("state", equalTo("credited"));
        askAsOwner(id, user, 60_000).statusCode(200).body("state", equalTo("credited"));
        askAsOwner(id, user, 60_001).statusCode(409).body("code", equalTo("topup_id_reused"));
        recover();
        assertThat(balance(user)).isEqualTo(60_000);
        assertThat(payments(id)).containsExactly(1, 0);
    }

    @Test
    void aRepeatedRequestWhileAwaitingPaymentKeepsThePayment() {
        String user = newUser();
        String id = newTopUp();
        String secret = askAsOwner(id, user, 60_000).statusCode(201).body("state", equalTo("requires_payment"))
                .extract().path("client_secret");
        // A double click, or a client's retry after a lost answer: the top-up as it is, its payment untouched.
        askAsOwner(id, user, 60_000).statusCode(200).body("state", equalTo("requires_payment"))
                .body("client_secret", equalTo(secret));
        confirm(ADMIN, id, "pay").statusCode(200).body("state", equalTo("credited"));
        assertThat(balance(user)).isEqualTo(60_000);
        assertThat(payments(id)).containsExactly(1, 0);
    }

    /**
     * A double click that sends the request twice at the same moment (or a client retrying before its
     * first answer): one top-up, one payment, one 201 and the others 200 with the same saga; never a
     * 500 (both requests inserting the row) nor two 201s.
     */
    @Test
    void theSameRequestSentEightTimesAtOnceStartsOneTopUp() throws Exception {
        String user = newUser();
        String id = newTopUp();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        java.util.List<Integer> statuses = new java.util.ArrayList<>();
        java.util.Set<String> secrets = new java.util.HashSet<>();
        try {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            java.util.List<java.util.concurrent.Future<io.restassured.response.ExtractableResponse<io.restassured.response.Response>>> answers =
                    new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return askAsOwner(id, user, 5_000).extract();
                }));
            }
            go.countDown();
            for (var answer : answers) {
                var response = answer.get(60, java.util.concurrent.TimeUnit.SECONDS);
                statuses.add(response.statusCode());
                if (response.statusCode() < 300) {
                    secrets.add(response.path("client_secret"));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(statuses).as("one 201, seven 200").containsOnly(201, 200).filteredOn(status -> status == 201).hasSize(1);
        assertThat(secrets).as("one payment's client secret").hasSize(1);
        Long created = onVertx(() -> Panache.withSession(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                        "SELECT count(*) FROM sandbox_payments WHERE topup_id = :id", Long.class)
                .setParameter("id", id).getSingleResult())));
        assertThat(created).as("payments created at the provider").isEqualTo(1);
    }

    @Test
    void aDeclinedPaymentFailsTheTopUp() {
        String user = newUser();
        String id = newTopUp();
        askAsOwner(id, user, 1_000).statusCode(201);
        confirm(ADMIN, id, "decline").statusCode(200).body("state", equalTo("failed"));
        confirm(ADMIN, id, "pay").statusCode(200).body("state", equalTo("failed"));
        assertThat(balance(user)).isZero();
        assertThat(payments(id)).containsExactly(0, 0);
    }

    @Test
    void aCreditThatCannotBeMadeIsRefundedAndARefusedRefundIsRetried() {
        String user = newUser();
        String id = newTopUp();
        askAsOwner(id, user, 1_000).statusCode(201);
        faults.failNext(Point.CREDIT);
        faults.failNext(Point.REFUND);
        confirm(ADMIN, id, "pay").statusCode(200).body("state", equalTo("compensating"));
        assertThat(payments(id)).containsExactly(1, 0);
        due(id);
        recover();
        assertThat(state(id)).isEqualTo("refunded");
        assertThat(payments(id)).containsExactly(1, 1);
        assertThat(balance(user)).isZero();
    }

    @Test
    void aCreditThatFailsOnlyBecauseRedisIsAwayIsMadeByRecoveryNotRefunded() {
        String user = newUser();
        String id = newTopUp();
        askAsOwner(id, user, 1_000).statusCode(201);
        // Redis refuses the connection for the credit: the payment is captured, the tokens are only late.
        faults.failNext(Point.CREDIT_UNAVAILABLE);
        confirm(ADMIN, id, "pay").statusCode(200).body("state", equalTo("captured"));
        assertThat(balance(user)).isZero();
        due(id);
        recover();
        assertThat(state(id)).isEqualTo("credited");
        assertThat(balance(user)).isEqualTo(1_000);
        assertThat(payments(id)).as("paid once, never refunded").containsExactly(1, 0);
    }

    @Test
    void aCrashRightAfterThePaymentWasCreatedIsPickedUpByRecovery() {
        String user = newUser();
        String id = newTopUp();
        faults.failNext(Point.AFTER_CREATE);
        askAsOwner(id, user, 1_000).statusCode(201).body("state", equalTo("requested"));
        due(id);
        recover();
        assertThat(state(id)).isEqualTo("requires_payment");
        confirm(ADMIN, id, "pay").statusCode(200).body("state", equalTo("credited"));
        crashedAt(id, "captured");
        recover();
        // The credit is once per top-up, whatever recovery repeats.
        assertThat(state(id)).isEqualTo("credited");
        assertThat(balance(user)).isEqualTo(1_000);
    }

    /**
     * A credit made, then the saga's own write of it lost (the database away, or a crash) for longer
     * than Redis keeps the credit's idempotency record (wallet.suite-id-record-ttl, 7 days): recovery
     * makes the credit again with the same suite id, which Redis no longer knows. The ledger does.
     */
    @Test
    void aCreditRepeatedAfterRedisForgotItsIdIsStoppedByTheLedger() {
        String user = newUser();
        String id = newTopUp();
        askAsOwner(id, user, 1_000).statusCode(201);
        confirm(ADMIN, id, "pay").statusCode(200).body("state", equalTo("credited"));
        String creditId = SuiteIds.topUpCredit(id);
        // Redis keeps a suite id's record for days (wallet.suite-id-record-ttl), not the 15-minute window.
        assertThat(redis.send(Request.cmd(Command.TTL).arg(keys.bucket(0).event(creditId))).await().indefinitely().toLong())
                .isGreaterThan(6 * 24 * 3600L);
        awaitBooked(creditId);

        // The record has expired, and the saga never wrote down that it credited.
        forget(creditId);
        crashedAt(id, "captured");
        recover();
        assertThat(state(id)).isEqualTo("credited");
        assertThat(balance(user)).as("credited once").isEqualTo(1_000);
        assertThat(payments(id)).containsExactly(1, 0);
    }

    /** As above, with the saga left compensating: a refund then would leave the user both the tokens and the money. */
    @Test
    void aCompensationAfterRedisForgotTheCreditFindsItInTheLedgerAndRefundsNothing() {
        String user = newUser();
        String id = newTopUp();
        askAsOwner(id, user, 1_000).statusCode(201);
        confirm(ADMIN, id, "pay").statusCode(200).body("state", equalTo("credited"));
        awaitBooked(SuiteIds.topUpCredit(id));
        forget(SuiteIds.topUpCredit(id));
        crashedAt(id, "compensating");
        recover();
        assertThat(state(id)).isEqualTo("credited");
        assertThat(balance(user)).isEqualTo(1_000);
        assertThat(payments(id)).as("paid once, never refunded").containsExactly(1, 0);
    }

    private void awaitBooked(String eventId) {
        Awaitility.await("the credit in the ledger").atMost(Duration.ofSeconds(30)).until(() -> onVertx(() ->
                Panache.withSession(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                                "SELECT count(*) FROM token_ledger WHERE event_id = :id", Long.class)
                        .setParameter("id", eventId).getSingleResult()))) == 2);
    }

    /** What the idempotency record's expiry does, now. */
    private void forget(String eventId) {
        redis.send(Request.cmd(Command.DEL).arg(keys.bucket(0).event(eventId))).await().indefinitely();
    }

    @Test
    void aFailingSagaIsPushedBackAndDoesNotStarveTheOthers() {
        String user = newUser();
        // One saga whose refund keeps failing…
        String failing = newTopUp();
        askAsOwner(failing, user, 1_000).statusCode(201);
        faults.failNext(Point.CREDIT);
        faults.failNext(Point.REFUND);
        confirm(ADMIN, failing, "pay").statusCode(200).body("state", equalTo("compensating"));
        // …and one that a crash left at 'captured'.
        String other = newTopUp();
        askAsOwner(other, user, 1_000).statusCode(201);
        confirm(ADMIN, other, "pay").statusCode(200);
        crashedAt(other, "captured");
        due(failing);
        faults.failNext(Point.REFUND);
        recover();
        assertThat(state(other)).isEqualTo("credited");
        assertThat(state(failing)).isEqualTo("compensating");
        // The failing one is pushed back by the back-off (0.2 s in tests), doubling with each failure in a row.
        assertThat(backoffMillis(failing)).containsExactly(1, 200);
        due(failing);
        faults.failNext(Point.REFUND);
        recover();
        assertThat(backoffMillis(failing)).containsExactly(2, 400);
        // Once due again it is refunded.
        due(failing);
        recover();
        assertThat(state(failing)).isEqualTo("refunded");
        assertThat(balance(user)).isEqualTo(1_000);
    }

    @Test
    void sagasStuckPastTheThresholdAreCounted() {
        String user = newUser();
        String id = newTopUp();
        askAsOwner(id, user, 1_000).statusCode(201);
        faults.failNext(Point.CREDIT);
        faults.failNext(Point.REFUND);
        confirm(ADMIN, id, "pay").statusCode(200).body("state", equalTo("compensating"));
        // Neither credited nor refunded for two hours (the threshold is one).
        set(id, "updated_at = now() - interval '2 hours', state_since = now() - interval '2 hours', next_attempt_at = now() + interval '1 hour'");
        recover();
        assertThat(stuckGauge()).isGreaterThanOrEqualTo(1);
        // Once due, it is refunded and no longer stuck.
        due(id);
        recover();
        assertThat(state(id)).isEqualTo("refunded");
    }

    /**
     * Stuck is how long a saga has been in its state, not since it was last touched: recovery retries
     * a failing refund every few minutes, and each attempt used to make the saga look fresh, so the
     * paid-but-neither-credited-nor-refunded saga the alert is for was never counted.
     */
    @Test
    void aSagaWhoseRecoveryKeepsFailingIsStillCountedStuck() {
        String user = newUser();
        String id = newTopUp();
        askAsOwner(id, user, 1_000).statusCode(201);
        faults.failNext(Point.CREDIT);
        faults.failNext(Point.REFUND);
        confirm(ADMIN, id, "pay").statusCode(200).body("state", equalTo("compensating"));
        // Compensating for two hours (the threshold is one), due now, and its refund fails again.
        faults.failNext(Point.REFUND);
        set(id, "updated_at = now() - interval '2 hours', state_since = now() - interval '2 hours', next_attempt_at = now()");
        recover();
        assertThat(state(id)).isEqualTo("compensating");
        assertThat(stuckGauge()).isGreaterThanOrEqualTo(1);
        due(id);
        recover();
        assertThat(state(id)).isEqualTo("refunded");
    }

    /**
     * A saga still awaiting payment long past its payment timeout (a payment still processing waits
     * there) counts as stuck once it is the threshold past that timeout.
     */
    @Test
    void aSagaAwaitingPaymentLongPastItsTimeoutIsCountedStuck() {
        String user = newUser();
        String id = newTopUp();
        askAsOwner(id, user, 1_000).statusCode(201).body("state", equalTo("requires_payment"));
        recover();
        double before = stuckGauge();
        // Asked for 4 days (the payment timeout) and 2 hours ago; not due, so recovery leaves it as it is.
        set(id, "state_since = now() - interval '4 days 2 hours', next_attempt_at = now() + interval '1 hour'");
        recover();
        assertThat(state(id)).isEqualTo("requires_payment");
        assertThat(stuckGauge()).isGreaterThanOrEqualTo(before + 1);
        confirm(ADMIN, id, "decline").statusCode(200).body("state", equalTo("failed"));
        recover();
        assertThat(stuckGauge()).isEqualTo(before);
    }

    /** The gauges as the next count (every minute) leaves them. */
    private double stuckGauge() {
        onVertx(() -> saga.count());
        String stuck = given().when().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(line -> line.startsWith("wallet_topup_stuck")).findFirst().orElseThrow();
        return Double.parseDouble(stuck.substring(stuck.lastIndexOf(' ') + 1));
    }

    @Test
    void thePriceMustBeExactAndWithinTheLimits() {
        String user = newUser();
        // 1,501 tokens cost $1.501: not a whole number of cents.
        askAsOwner(newTopUp(), user, 1_501).statusCode(400).body("code", equalTo("inexact_price"));
        askAsOwner(newTopUp(), user, 499).statusCode(400).body("code", equalTo("topup_amount_out_of_range"));
        askAsOwner(newTopUp(), user, 1_000_010).statusCode(400).body("code", equalTo("topup_amount_out_of_range"));
        askAsOwner(newTopUp(), user, -5).statusCode(400);
        askAsOwner("../../x", user, 1_000).statusCode(400);
        askAsOwner("pes/topup/x", user, 1_000).statusCode(400);
        // Per account per day: 2,000,000 tokens.
        askAsOwner(newTopUp(), user, 1_000_000).statusCode(201);
        askAsOwner(newTopUp(), user, 1_000_000).statusCode(201);
        askAsOwner(newTopUp(), user, 500).statusCode(429).body("code", equalTo("topup_daily_limit"));
        assertThat(balance(user)).isZero();
    }

    @Test
    void aUserTopsUpOnlyTheirOwnWallet() {
        String user = newUser();
        ask(TestTokens.mint(user, "user"), newTopUp(), newUser(), 1_000).statusCode(403);
        given().when().post("/v1/admin/sandbox/topups/x/pay").then().statusCode(401);
        assertThat(balance(user)).isZero();
    }

    /**
     * The route refuses a top-up for a system account (Accounts.refuseSystem), but one started
     * before that rule, or by any other way in, must still never credit one: escrow would hold
     * tokens no hold accounts for, and the treasury would pay itself for a real payment. Once paid,
     * it is refunded and nothing is credited.
     */
    @Test
    void aPaidTopUpForASystemAccountIsRefundedNotCredited() {
        long escrowBefore = balance("escrow");
        String id = newTopUp();
        onVertx(() -> saga.start(id, "escrow", 1_000, "admin:another")); // confirmed by another admin than its requester
        confirm(ADMIN, id, "pay").statusCode(200);
        due(id);
        recover();
        assertThat(state(id)).isEqualTo("refunded");
        assertThat(payments(id)).as("paid once, refunded once").containsExactly(1, 1);
        assertThat(balance("escrow")).as("escrow credited nothing").isEqualTo(escrowBefore);
    }

    /**
     * The sandbox plays a refund made outside the suite (the provider's dashboard, a card network
     * preventing a chargeback), as Stripe's charge.refunded webhook brings one: the tokens the
     * payment bought go back, below zero when the user spent them (a debt the next top-up pays),
     * once however often it is sent. Only another admin plays it; never before the top-up is paid.
     */
    @Test
    void aRefundMadeOutsideTakesTheTokensBackBelowZeroOnce() {
        String user = newUser();
        String id = newTopUp();
        String userToken = TestTokens.mint(user, "user");
        askAsOwner(id, user, 29_000).statusCode(201);
        confirm(ADMIN, id, "refund").statusCode(409).body("code", equalTo("topup_not_paid"));
        confirm(ADMIN, id, "pay").statusCode(200).body("state", equalTo("credited"));
        TopUpFixture.spend(user, 20_000);

        confirm(userToken, id, "refund").statusCode(403);
        confirm(TestTokens.mint(user, "admin"), id, "refund").statusCode(403);
        assertThat(balance(user)).isEqualTo(9_000);

        confirm(ADMIN, id, "refund").statusCode(200).body("state", equalTo("credited")).body("refunded_tokens", equalTo(29_000));
        assertThat(balance(user)).isEqualTo(-20_000);
        confirm(ADMIN, id, "refund").statusCode(200).body("refunded_tokens", equalTo(29_000));
        assertThat(balance(user)).isEqualTo(-20_000);
        assertThat(payments(id)).as("paid once, refunded once").containsExactly(1, 1);
        confirm(ADMIN, "no-such-topup", "refund").statusCode(404);
    }

    private static ValidatableResponse cancel(String token, String topupId) {
        return given().auth().oauth2(token).when().post("/v1/topups/" + topupId + "/cancel").then();
    }

    /**
     * Unpaid top-ups count towards the account's daily limit whoever started them: an admin (any
     * admin may start one for a user) could fill a user's day with 2,000,000 unpaid tokens and block
     * its own top-ups until the payment timeout (4 days). The account's owner cancels them: the
     * payment is cancelled at the provider, the top-up ends failed and no longer counts.
     */
    @Test
    void theOwnerCancelsUnpaidTopUpsSomeoneElseStartedAndTopsUpAgain() {
        String user = newUser();
        String userToken = TestTokens.mint(user, "user");
        String first = newTopUp();
        String second = newTopUp();
        ask(ADMIN, first, user, 1_000_000).statusCode(201);
        ask(ADMIN, second, user, 1_000_000).statusCode(201);
        askAsOwner(newTopUp(), user, 60_000).statusCode(429).body("code", equalTo("topup_daily_limit"));

        // Not someone else's to cancel.
        cancel(TestTokens.mint(newUser(), "user"), first).statusCode(403).contentType("application/problem+json");
        cancel(userToken, "tu-no-such-topup").statusCode(404).body("code", equalTo("unknown_topup"));

        cancel(userToken, first).statusCode(200).body("state", equalTo("failed")).body("failure", equalTo("cancelled by " + user));
        cancel(userToken, first).statusCode(200).body("state", equalTo("failed"));
        cancel(userToken, second).statusCode(200).body("state", equalTo("failed"));
        // A cancelled payment is not paid afterwards (confirmed by another admin than the one that asked for it).
        confirm(TestTokens.mint("admin:bank", "admin"), first, "pay").statusCode(200).body("state", equalTo("failed"));
        assertThat(balance(user)).isZero();

        String own = newTopUp();
        askAsOwner(own, user, 60_000).statusCode(201);
        confirm(ADMIN, own, "pay").statusCode(200).body("state", equalTo("credited"));
        // Paid: nothing to cancel.
        cancel(userToken, own).statusCode(409).body("code", equalTo("topup_not_cancellable"));
        assertThat(balance(user)).isEqualTo(60_000);

        // One the owner started and cancelled itself still counts: no start-and-cancel loop without end.
        String mine = newTopUp();
        askAsOwner(mine, user, 1_000_000).statusCode(201);
        cancel(userToken, mine).statusCode(200).body("state", equalTo("failed"));
        askAsOwner(newTopUp(), user, 940_000).statusCode(201);
        askAsOwner(newTopUp(), user, 500).statusCode(429).body("code", equalTo("topup_daily_limit"));
    }

    /**
     * A failed top-up the owner started itself counts towards its day once a payment was created for
     * it, however it failed (here: declined): else starting and failing in a loop would create
     * payments at the provider without end.
     */
    @Test
    void aFailedTopUpTheOwnerStartedStillCountsTowardsTheDay() {
        String user = newUser();
        String declined = newTopUp();
        askAsOwner(declined, user, 1_000_000).statusCode(201);
        confirm(ADMIN, declined, "decline").statusCode(200).body("state", equalTo("failed"));
        askAsOwner(newTopUp(), user, 1_000_000).statusCode(201);
        askAsOwner(newTopUp(), user, 500).statusCode(429).body("code", equalTo("topup_daily_limit"));
    }
}
