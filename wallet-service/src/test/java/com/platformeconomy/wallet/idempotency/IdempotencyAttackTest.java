package com.platformeconomy.wallet.idempotency;

import static com.platformeconomy.testkit.tokens.Tokens.admin;
import static com.platformeconomy.wallet.WalletApi.PRIVILEGED;
import static com.platformeconomy.wallet.WalletApi.balance;
import static com.platformeconomy.wallet.WalletApi.charge;
import static com.platformeconomy.wallet.WalletApi.credit;
import static com.platformeconomy.wallet.WalletApi.newEventId;
import static com.platformeconomy.wallet.WalletApi.newUser;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import com.platformeconomy.contracts.event.AppCatalogEntry;
import com.platformeconomy.contracts.event.CloudEvent;
import com.platformeconomy.contracts.event.EventCodec;
import com.platformeconomy.contracts.event.EventIds;
import com.platformeconomy.contracts.event.RevenueDistributed;
import com.platformeconomy.contracts.event.SettlementAwarded;
import com.platformeconomy.contracts.event.SuiteIds;
import com.platformeconomy.contracts.event.Topics;
import com.platformeconomy.stack.LocalStackResource;
import com.platformeconomy.stack.TestTokens;
import com.platformeconomy.testkit.kafka.KafkaSender;
import com.platformeconomy.wallet.catalog.AppCatalog;
import com.platformeconomy.wallet.redis.Keys;
import com.platformeconomy.wallet.relay.BillingFixture;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Issue #15's attacks, tried through the routes: a caller squatting the suite's own event ids,
 * replays that must answer the first outcome whatever it was, fingerprints that survive any
 * character, scripts that cannot fail half-way, and a duplicate billing event that is parked, not
 * dropped. Each ends with the victim whole and reconciliation answering.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class IdempotencyAttackTest {

    @Inject
    Keys keys;

    @Inject
    AppCatalog catalog;
    @Inject
    Pool pool;
    @Inject
    BillingFixture billing;
    @Inject
    @RedisClientName("admin")
    Redis redis;

    private static ValidatableResponse debit(String token, String account, String eventId, long amount, String reason) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("event_id", eventId, "amount", amount, "category", "other", "reason", reason))
                .when().post("/v1/wallets/" + account + "/debits").then();
    }

    private static ValidatableResponse reserve(String token, String account, String holdId, long amount) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("hold_id", holdId, "amount", amount, "purpose", "escrow", "ttl_seconds", 600))
                .when().post("/v1/wallets/" + account + "/holds").then();
    }

    private long ledgerRows(String eventId) {
        return pool.preparedQuery("SELECT count(*) FROM token_ledger WHERE event_id = $1").execute(Tuple.of(eventId))
                .await().indefinitely().iterator().next().getLong(0);
    }

    private String app(String status, long base) {
        String appId = "app-" + UUID.randomUUID().toString().substring(0, 8);
        catalog.put(new AppCatalogEntry(appId, "dev:" + appId, status, "paid", base, 0, 70, 1)).await().indefinitely();
        return appId;
    }

    private static JsonPath reconcile() {
        return given().auth().oauth2(admin()).when().get("/v1/admin/reconciliation")
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void noPublicRouteAcceptsAnyFormOfTheSuitesOwnIds() {
        String user = newUser();
        credit(user, 100).statusCode(201);
        String userToken = TestTokens.mint(user, "user");
        List<String> suiteIds = List.of(SuiteIds.topUpCredit("t1"), SuiteIds.holdCapture("h1"),
                SuiteIds.revenueDistribution("2026-11", "users", user), SuiteIds.settlementAward(UUID.randomUUID().toString()),
                SuiteIds.keyed("tier-purchase", "dev:x", "k1"), SuiteIds.tierFee(UUID.randomUUID().toString()));
        for (String id : suiteIds) {
            debit(userToken, user, id, 1, "squat").statusCode(400).body("code", equalTo("invalid_event_id"));
            credit(user, id, 1).statusCode(400).body("code", equalTo("invalid_event_id"));
            charge(id, user, "app-any", "action", false).statusCode(400).body("code", equalTo("invalid_event_id"));
            given().auth().oauth2(PRIVILEGED).contentType(ContentType.JSON)
                    .body(Map.of("charges", List.of(Map.of("event_id", id, "user_id", user, "app_id", "app-any",
                            "tool_name", "t", "handler", "action", "byollm", false))))
                    .when().post("/v1/charges/batch").then().statusCode(400).body("code", equalTo("invalid_event_id"));
            reserve(userToken, user, id, 1).statusCode(400);
        }
        assertThat(balance(user)).isEqualTo(100);
    }

    /**
     * A tier purchase's debit carries a suite id that only developer-earnings-service may name, for a
     * developer's tier fee. It is not held to a caller's window: a purchase retried long after a wallet
     * outage is debited then (developer-earnings' TierPurchaseIdempotencyTest), and once Redis has
     * forgotten the id the ledger answers the debit it had: never twice.
     */
    @Test
    void aTierFeeIdIsEarningsAloneToNameAndIsAnsweredFromTheLedgerOnceRedisForgetsIt() {
        String dev = "dev:" + UUID.randomUUID().toString().substring(0, 8);
        credit(dev, 20_000).statusCode(201);
        String earnings = TestTokens.service("developer-earnings-service", "wallet-service");
        // Made an hour ago: past the window a caller's id has.
        String id = SuiteIds.tierFee(EventIds.uuidV7(Instant.now().minus(Duration.ofHours(1))).toString());
        tierFee(TestTokens.mint(dev, "developer"), dev, id).statusCode(400).body("code", equalTo("invalid_event_id"));
        tierFee(admin(), dev, id).statusCode(400).body("code", equalTo("invalid_event_id"));
        assertThat(balance(dev)).isEqualTo(20_000);

        tierFee(earnings, dev, id).statusCode(201).body("balance", equalTo(11_000));
        tierFee(earnings, dev, id).statusCode(200).body("balance", equalTo(11_000));
        Awaitility.await("the debit booked").atMost(Duration.ofSeconds(30)).until(() -> ledgerRows(id) > 0);
        redis.send(Request.cmd(Command.DEL).arg(keys.bucket(0).event(id))).await().indefinitely();
        tierFee(earnings, dev, id).statusCode(200).body("balance", equalTo(11_000));
        // The same id for another amount, once Redis has forgotten it: the ledger still refuses it.
        given().auth().oauth2(earnings).contentType(ContentType.JSON)
                .body(Map.of("event_id", id, "amount", 8_000, "category", "tier_fee", "reason", "tier indie for a year"))
                .when().post("/v1/wallets/" + dev + "/debits").then().statusCode(409).body("code", equalTo("event_id_reused"));
        assertThat(balance(dev)).isEqualTo(11_000);
    }

    /**
     * A tier fee's retry asked while the ledger books that very debit: the wallet reads the ledger
     * (exactly this movement? any movement under the id?) and must not take "booked between the two
     * reads" for another movement under the id. Every retry is answered the debit (CI of stop 39 saw
     * earnings' TierPurchaseIdempotencyTest get 409 event_id_reused, relayed as 502, once).
     */
    @Test
    void aTierFeeRetriedWhileTheLedgerBooksItIsAnsweredTheDebitEveryTime() throws Exception {
        String earnings = TestTokens.service("developer-earnings-service", "wallet-service");
        java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 20; round++) {
                String dev = "dev:" + UUID.randomUUID().toString().substring(0, 8);
                credit(dev, 20_000).statusCode(201);
                String id = SuiteIds.tierFee(EventIds.uuidV7(Instant.now().minus(Duration.ofHours(1))).toString());
                tierFee(earnings, dev, id).statusCode(201).body("balance", equalTo(11_000));
                List<java.util.concurrent.Future<List<Integer>>> retries = new java.util.ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    retries.add(callers.submit(() -> {
                        List<Integer> statuses = new java.util.ArrayList<>();
                        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                        // Retries until the ledger has booked it, and a few after.
                        int after = 0;
                        while (after < 3 && System.nanoTime() < until) {
                            statuses.add(tierFee(earnings, dev, id).extract().statusCode());
                            if (ledgerRows(id) > 0) {
                                after++;
                            }
                        }
                        return statuses;
                    }));
                }
                for (var retry : retries) {
                    assertThat(retry.get()).as("retries of %s", id).isNotEmpty().containsOnly(200);
                }
                assertThat(balance(dev)).isEqualTo(11_000);
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Inject
    com.platformeconomy.wallet.config.WalletConfig config;
    @Inject
    io.smallrye.reactive.messaging.kafka.KafkaClientService kafka;

    /**
     * A retry that arrives just after its id's window, while the ledger has not booked the movement
     * (here: its consumer held up): Redis still remembers the first outcome (its record lives a
     * window from when it was applied), so the retry is answered that outcome — a credit 200, a
     * refused debit 402, another body 409 event_id_reused — not 409 event_too_old, which told a
     * caller "refused" for tokens that moved. A new id as old is refused and moves nothing.
     */
    @Test
    void aRetryJustPastItsWindowIsAnsweredItsFirstOutcomeWhileTheLedgerIsBehind() throws Exception {
        String user = newUser();
        credit(user, 100).statusCode(201);
        String userToken = TestTokens.mint(user, "user");
        // Accepted for three more seconds (window − clock skew − replica margin from its time).
        java.time.Duration accepted = config.idempotencyWindow().minus(config.clockSkew()).minus(config.replicaClockMargin());
        Instant nearTheEdge = Instant.now().minus(accepted).plusSeconds(3);
        String credited = EventIds.uuidV7(nearTheEdge).toString();
        String refused = EventIds.uuidV7(nearTheEdge).toString();
        var ledgerConsumer = kafka.getConsumer("billing-ledger");
        ledgerConsumer.pause().await().atMost(Duration.ofSeconds(10));
        try {
            credit(user, credited, 50).statusCode(201).body("balance", equalTo(150));
            debit(userToken, user, refused, 1_000, "too much").statusCode(402);
            String app = app("active", 5);
            String charged = EventIds.uuidV7(nearTheEdge).toString();
            charge(charged, user, app, "action", false).statusCode(201).body("balance", equalTo(145));
            List<String> batched = List.of(EventIds.uuidV7(nearTheEdge).toString(), EventIds.uuidV7(nearTheEdge).toString());
            batch(user, app, batched).statusCode(200).body("results.status", equalTo(List.of(201, 201)));
            Thread.sleep(4_000);
            String tooOld = EventIds.uuidV7(nearTheEdge).toString();

            credit(user, credited, 50).statusCode(200).body("balance", equalTo(150));
            credit(user, credited, 51).statusCode(409).body("code", equalTo("event_id_reused"));
            debit(userToken, user, refused, 1_000, "too much").statusCode(402).body("code", equalTo("insufficient_balance"));
            credit(user, tooOld, 50).statusCode(409).body("code", equalTo("event_too_old"));
            debit(userToken, user, tooOld, 10, "late").statusCode(409).body("code", equalTo("event_too_old"));
            charge(charged, user, app, "action", false).statusCode(200).body("balance", equalTo(145));
            charge(charged, user, app, "action", true).statusCode(409).body("code", equalTo("event_id_reused"));
            charge(tooOld, user, app, "action", false).statusCode(409).body("code", equalTo("event_too_old"));
            // A batch retried past the window: every charge remembered, so each is answered; one unknown id refuses it whole.
            batch(user, app, batched).statusCode(200).body("results.status", equalTo(List.of(200, 200)))
                    .body("results.result.balance", equalTo(List.of(140, 135)));
            batch(user, app, List.of(batched.get(0), tooOld)).statusCode(409).body("code", equalTo("event_too_old"));
            assertThat(balance(user)).isEqualTo(135);
            assertThat(redis.send(Request.cmd(Command.EXISTS).arg(keys.bucket(0).event(tooOld))).await().indefinitely().toLong()).isZero();
        } finally {
            ledgerConsumer.resume().await().atMost(Duration.ofSeconds(10));
        }
    }

    private static ValidatableResponse batch(String user, String app, List<String> eventIds) {
        return given().auth().oauth2(PRIVILEGED).contentType(ContentType.JSON)
                .body(Map.of("charges", eventIds.stream().map(id -> Map.of("event_id", id, "user_id", user, "app_id", app,
                        "tool_name", "summarize", "handler", "action", "byollm", false)).toList()))
                .when().post("/v1/charges/batch").then();
    }

    private static ValidatableResponse tierFee(String token, String account, String eventId) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("event_id", eventId, "amount", 9_000, "category", "tier_fee", "reason", "tier indie for a year"))
                .when().post("/v1/wallets/" + account + "/debits").then();
    }

    @Test
    void squattingTheOldFormsOfInternalIdsHarmsNoVictim() throws Exception {
        // Mallory spends 1 token under each id the suite used to give its own movements.
        String mallory = newUser();
        String victim = newUser();
        String malloryToken = TestTokens.mint(mallory, "user");
        credit(mallory, 10).statusCode(201);
        String hold = "h-" + UUID.randomUUID();
        String period = "2031-0" + (1 + (int) (Math.random() * 8));
        debit(malloryToken, mallory, "hold:" + hold + ":capture", 1, "squat").statusCode(201);
        debit(malloryToken, mallory, "revenue-distribution:" + period + ":users:" + victim, 1, "squat").statusCode(201);

        // The victim's hold is captured: the capture moves in Redis and is booked in the ledger.
        credit(victim, 100).statusCode(201);
        String victimToken = TestTokens.mint(victim, "user");
        reserve(victimToken, victim, hold, 40).statusCode(201);
        given().auth().oauth2(PRIVILEGED).contentType(ContentType.JSON).body(Map.of("amount", 40))
                .when().post("/v1/holds/" + hold + "/capture").then().statusCode(200).body("state", equalTo("captured"));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ledgerRows(SuiteIds.holdCapture(hold)) == 2);

        // The victim's distribution credit lands.
        String distribution = SuiteIds.revenueDistribution(period, "users", victim);
        KafkaSender.publish(Topics.REVENUE_DISTRIBUTIONS, victim, EventCodec.encode(CloudEvent.of(distribution, RevenueDistributed.TYPE,
                "/revenue-service", victim, Instant.now(),
                new RevenueDistributed(LocalDate.parse(period + "-01"), LocalDate.parse(period + "-28"), "users", victim, 25))));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ledgerRows(distribution) == 2);

        assertThat(balance(victim)).isEqualTo(100 - 40 + 25);
        assertThat(balance(mallory)).isEqualTo(8);
        assertThat(reconcile().getList("drift")).isEmpty();
    }

    @Test
    void aRefusedChargeIsRefusedAgainOnItsReplayEvenAfterATopUp() {
        String user = newUser();
        String appId = app("active", 50);
        String id = newEventId();
        charge(id, user, appId, "action", false).statusCode(402).body("code", equalTo("insufficient_balance"));
        credit(user, 500).statusCode(201);
        charge(id, user, appId, "action", false).statusCode(402).body("detail", containsString("first outcome"));
        assertThat(balance(user)).isEqualTo(500);
        // A fresh id is billed as usual.
        charge(newEventId(), user, appId, "action", false).statusCode(201);
        assertThat(balance(user)).isEqualTo(450);
    }

    @Test
    void anUnknownAppOrAnInactiveAppOrAPanelCallIsRememberedTooSoItsReplayIsNeverBilledLater() {
        String user = newUser();
        credit(user, 500).statusCode(201);
        String unknown = "app-" + UUID.randomUUID().toString().substring(0, 8);
        String first = newEventId();
        charge(first, user, unknown, "action", false).statusCode(404).body("code", equalTo("unknown_app"));
        catalog.put(new AppCatalogEntry(unknown, "dev:" + unknown, "active", "paid", 30, 0, 70, 1)).await().indefinitely();
        charge(first, user, unknown, "action", false).statusCode(404).body("code", equalTo("unknown_app"));

        String pending = app("pending_review", 30);
        String second = newEventId();
        charge(second, user, pending, "action", false).statusCode(200).body("billed", equalTo(false));
        catalog.put(new AppCatalogEntry(pending, "dev:" + pending, "active", "paid", 30, 0, 70, 2)).await().indefinitely();
        charge(second, user, pending, "action", false).statusCode(200).body("billed", equalTo(false))
                .body("reason", equalTo("app_not_active"));

        // A panel call first, then the same id as an action: another request, refused.
        String third = newEventId();
        charge(third, user, pending, "panel", false).statusCode(200).body("reason", equalTo("panel_handler"));
        charge(third, user, pending, "action", false).statusCode(409).body("code", equalTo("event_id_reused"))
                .body("detail", containsString("handler"));
        assertThat(balance(user)).isEqualTo(500);
    }

    @Test
    void aFingerprintSurvivesAnyCharacterAndAConflictNamesWhatDiffers() {
        String user = newUser();
        credit(user, 100).statusCode(201);
        String token = TestTokens.mint(user, "user");
        String id = newEventId();
        String reason = "line one\nline two | pipe \u0000 nul \u00e9\u4e2d";
        debit(token, user, id, 7, reason).statusCode(201);
        debit(token, user, id, 7, reason).statusCode(200);
        debit(token, user, id, 8, reason).statusCode(409).body("code", equalTo("event_id_reused"))
                .body("detail", containsString("amount"));
        assertThat(balance(user)).isEqualTo(93);
    }

    /**
     * Another account's id is refused as reused, and the refusal names only whose movement it was:
     * naming the fields that differ would let the caller find, one guess at a time, the victim's
     * amount, reason or hold (the guesses that stop being named are the victim's values).
     */
    @Test
    void aConflictWithAnotherAccountsIdNamesNothingOfThatMovement() {
        String victim = newUser();
        String attacker = newUser();
        credit(victim, 100).statusCode(201);
        credit(attacker, 100).statusCode(201);
        String victimToken = TestTokens.mint(victim, "user");
        String attackerToken = TestTokens.mint(attacker, "user");
        String id = newEventId();
        debit(victimToken, victim, id, 7, "rent").statusCode(201);
        for (long guess : new long[] {7, 8}) {
            debit(attackerToken, attacker, id, guess, "rent").statusCode(409).body("code", equalTo("event_id_reused"))
                    .body("detail", containsString("from")).body("detail", not(containsString("amount")))
                    .body("detail", not(containsString("reason")));
        }
        String hold = "hold-" + UUID.randomUUID();
        reserve(victimToken, victim, hold, 5).statusCode(201);
        for (long guess : new long[] {5, 6}) {
            reserve(attackerToken, attacker, hold, guess).statusCode(409)
                    .body("detail", containsString("account")).body("detail", not(containsString("amount")));
        }
        // The owner's own second try still hears what differed.
        debit(victimToken, victim, id, 8, "rent").statusCode(409).body("detail", containsString("amount"));
        assertThat(balance(attacker)).isEqualTo(100);
        assertThat(balance(victim)).isEqualTo(93);
    }

    @Test
    void aMovementPastTheLargestBalanceIsRefusedBeforeItsFirstWrite() {
        // Planted: a wallet 5 tokens short of the largest balance a script holds exactly.
        String user = newUser();
        long max = 9_007_199_254_740_991L;
        billing.redis().hash(String.class).hset(keys.bucket(0).wallet(user), "balance", Long.toString(max - 5));
        long treasury = balanceOf("platform:treasury");
        credit(user, newEventId(), 10).statusCode(409).body("code", equalTo("balance_limit"));
        assertThat(balance(user)).isEqualTo(max - 5);
        assertThat(balanceOf("platform:treasury")).isEqualTo(treasury);
        billing.redis().key().del(keys.bucket(0).wallet(user));
    }

    private static long balanceOf(String account) {
        return given().auth().oauth2(PRIVILEGED).when().get("/v1/wallets/" + account)
                .then().statusCode(200).extract().jsonPath().getLong("balance");
    }

    @Test
    void aBillingEventWhoseIdTheLedgerHoldsForAnotherMovementIsParkedAndReconciliationNamesIt() throws Exception {
        String user = BillingFixture.account("user");
        billing.transfer("credit", "platform:treasury", user, 100);
        BillingFixture.Moved booked = billing.charge(user, 9);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ledgerRows(booked.eventId()) == 2);

        // Another movement, applied in Redis, reaches the ledger under the booked id.
        String other = BillingFixture.account("user");
        billing.transfer("credit", "platform:treasury", other, 50);
        String event = billing.unrelayedCharge(other, 5);
        String squatting = event.replaceAll("chg-[0-9a-f-]{36}", booked.eventId());
        KafkaSender.publish(Topics.BILLING_EVENTS, other, squatting);

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(admin())
                .when().get("/v1/admin/parked?open=true").then().statusCode(200).extract().jsonPath()
                .getList("event_id").contains(booked.eventId()));
        JsonPath report = reconcile();
        assertThat(report.getList("parked.event_id")).contains(booked.eventId());
        assertThat(report.getList("drift.account")).contains(other);
        assertThat(ledgerRows(booked.eventId())).isEqualTo(2);

        // A person puts the 5 tokens back in Redis; the parked event stays listed with its reason.
        billing.redis().hash(String.class).hincrby(keys.bucket(0).wallet(other), "balance", 5);
        billing.redis().hash(String.class).hincrby(keys.bucket(0).wallet("platform:revenue"), "balance", -5);
        assertThat(reconcile().getList("drift")).isEmpty();
        given().auth().oauth2(TestTokens.mint(user, "user")).when().get("/v1/admin/parked").then().statusCode(403);
    }

    @Test
    void aSettlementAwardIsBookedUnderItsSuiteIdSoAnOperatorWhoSawTheBatchIdCannotSquatIt() throws Exception {
        String operator = "node-op:" + UUID.randomUUID().toString().substring(0, 8);
        String batch = UUID.randomUUID().toString();
        // The operator learns the batch id and spends under it first: a caller id, harmless now.
        credit(operator, 5).statusCode(201);
        debit(TestTokens.mint(operator, "operator"), operator, batch, 1, "squat").statusCode(201);
        KafkaSender.publish(Topics.SETTLEMENT_AWARDED, operator, EventCodec.encode(CloudEvent.of(batch, SettlementAwarded.TYPE,
                "/settlement-service", operator, Instant.now(), new SettlementAwarded(batch, operator, 123, new BigDecimal("1.23"), 1))));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ledgerRows(SuiteIds.settlementAward(batch)) == 2);
        assertThat(balance(operator)).isEqualTo(5 - 1 + 123);
    }
}
