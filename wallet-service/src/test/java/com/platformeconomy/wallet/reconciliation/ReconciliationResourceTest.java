package com.platformeconomy.wallet.reconciliation;

import static com.platformeconomy.testkit.tokens.Tokens.admin;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.platformeconomy.stack.LocalStackResource;
import com.platformeconomy.stack.TestTokens;
import com.platformeconomy.wallet.redis.Keys;
import com.platformeconomy.wallet.relay.BillingFixture;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class ReconciliationResourceTest {

    private static final String PATH = "/v1/admin/reconciliation";

    @Inject
    io.smallrye.reactive.messaging.kafka.KafkaClientService kafka;

    @Inject
    Keys keys;

    @Inject
    BillingFixture billing;

    @Inject
    DriftCheck driftCheck;

    @Inject
    MeterRegistry registry;

    private static JsonPath reconcile(String token) {
        return given().auth().oauth2(token).when().get(PATH)
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void withoutATokenOrAsAUserItIsRefused() {
        given().when().get(PATH).then().statusCode(401).contentType("application/problem+json")
                .body("code", equalTo("unauthorized"));
        given().auth().oauth2(TestTokens.mint("user:alice", "user")).when().get(PATH)
                .then().statusCode(403).body("code", equalTo("forbidden"));
        given().auth().oauth2(TestTokens.mint("user:alice", "user")).when().post(PATH + "/rebuild")
                .then().statusCode(403);
        given().auth().oauth2(TestTokens.service("developer-earnings-service", "wallet-service")).when().post(PATH + "/rebuild")
                .then().statusCode(403);
    }

    @Test
    void consistentBalancesShowNoDriftAPlantedOneIsReportedAndARebuildRestoresIt() {
        String user = BillingFixture.account("user");
        BillingFixture.Moved last = null;
        billing.transfer("credit", "platform:treasury", user, 300);
        for (int i = 0; i < 5; i++) {
            last = billing.charge(user, 7);
        }

        // Read straight after writing: reconciliation waits for the ledger, it does not report events in flight.
        given().auth().oauth2(TestTokens.service("revenue-service", "wallet-service")).when().get(PATH).then().statusCode(403);
        JsonPath report = reconcile(admin());
        assertThat(report.getLong("as_of_seq")).isGreaterThanOrEqualTo(last.seq());
        assertThat(report.getInt("checked_accounts")).isGreaterThanOrEqualTo(3);
        assertThat(report.getList("drift")).isEmpty();

        // Tokens appear in Redis behind the ledger's back.
        billing.redis().hash(String.class).hincrby(keys.bucket(0).wallet(user), "balance", 40);
        report = reconcile(admin());
        List<Map<String, Object>> drift = report.getList("drift");
        assertThat(drift).singleElement().satisfies(d -> {
            assertThat(d).containsEntry("account", user);
            assertThat(((Number) d.get("redis_balance")).longValue()).isEqualTo(300 - 35 + 40);
            assertThat(((Number) d.get("ledger_balance")).longValue()).isEqualTo(300 - 35);
            assertThat(((Number) d.get("difference")).longValue()).isEqualTo(40);
        });

        List<Object> parkedBefore = reconcile(admin()).getList("parked");
        // An entry the relay set aside: a movement Redis made that no ledger sum counts either.
        String setAside = billing.redis().stream(String.class).xadd(keys.bucket(0).rejectedStream(),
                Map.of("original_id", "0-1", "reason", "a test's"));
        JsonPath rebuilt;
        try {
            rebuilt = given().auth().oauth2(admin()).when().post(PATH + "/rebuild")
                    .then().statusCode(200).extract().jsonPath();
            assertThat(rebuilt.getLong("set_aside_entries")).isPositive()
                    .isEqualTo(keys.all().stream().mapToLong(b -> billing.redis().stream(String.class).xlen(b.rejectedStream())).sum());
        } finally {
            billing.redis().stream(String.class).xdel(keys.bucket(0).rejectedStream(), setAside);
        }
        List<Map<String, Object>> restored = rebuilt.getList("restored");
        assertThat(restored).singleElement().satisfies(r -> {
            assertThat(r).containsEntry("account", user);
            assertThat(((Number) r.get("previous_balance")).longValue()).isEqualTo(305);
            assertThat(((Number) r.get("balance")).longValue()).isEqualTo(265);
        });
        // The movements the ledger parked (earlier tests' conflicts) are named as not counted.
        assertThat(rebuilt.getList("not_counted")).isEqualTo(parkedBefore);
        assertThat(billing.balance(user)).isEqualTo(265);
        assertThat(reconcile(admin()).getList("drift")).isEmpty();
    }

    @Test
    void aLedgerThatCannotCatchUpIsReportedAsBehindNotAsDrift() {
        // A movement Redis has numbered but whose event never reaches the ledger.
        billing.redis().value(Long.class).incr(keys.bucket(0).seq());
        try {
            given().auth().oauth2(admin()).when().get(PATH)
                    .then().statusCode(503).contentType("application/problem+json")
                    .body("code", equalTo("ledger_behind"));
        } finally {
            billing.redis().value(Long.class).decr(keys.bucket(0).seq());
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(reconcile(admin()).getList("drift")).isEmpty());
    }

    @Test
    void afterRedisLosesItsDataTheRebuildRestoresBalancesAndNumberingFromTheLedger() {
        String user = BillingFixture.account("user");
        billing.transfer("credit", "platform:treasury", user, 100);
        BillingFixture.Moved last = billing.charge(user, 7);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(billing.ledgerRowCount(Set.of(last.eventId()))).isEqualTo(2));

        // Redis loses every balance, the movement counter, the account set and the stream with its group.
        List<String> lost = new ArrayList<>(List.of(keys.bucket(0).billingStream(), keys.bucket(0).seq(), keys.bucket(0).accounts()));
        billing.redis().set(String.class).smembers(keys.bucket(0).accounts()).forEach(account -> lost.add(keys.bucket(0).wallet(account)));
        billing.redis().key().del(lost.toArray(String[]::new));
        assertThat(billing.balance(user)).isZero();

        JsonPath rebuilt = given().auth().oauth2(admin()).when().post(PATH + "/rebuild")
                .then().statusCode(200).extract().jsonPath();
        assertThat(rebuilt.getLong("as_of_seq")).isGreaterThanOrEqualTo(last.seq());
        assertThat(billing.balance(user)).isEqualTo(93);
        // New movements are numbered after everything the ledger holds, and the relay finds its group again.
        BillingFixture.Moved next = billing.charge(user, 7);
        assertThat(next.seq()).isEqualTo(rebuilt.getLong("as_of_seq") + 1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(billing.ledgerRowCount(Set.of(next.eventId()))).isEqualTo(2));
        assertThat(reconcile(admin()).getList("drift")).isEmpty();
        assertThat(billing.balance(user)).isEqualTo(billing.ledgerBalance(user)).isEqualTo(86);
    }

    /**
     * Redis' data loss takes the idempotency records of callers' ids with it. A request applied and
     * booked before the loss, whose answer its caller never got, is retried inside its window after
     * the rebuild: before, it was applied a second time (the ledger then parked the duplicate and
     * Redis drifted from it). The rebuild now puts a stand-in record for every caller's id the ledger
     * booked within the window, before any movement may run: a retry is answered from the ledger
     * (the same movement: its first outcome, 200) or refused (409 event_too_old), never applied again.
     */
    @Test
    void afterRedisLosesItsDataARetryOfABookedMovementIsNotAppliedAgain() {
        String user = BillingFixture.account("user");
        String credit = com.platformeconomy.wallet.WalletApi.newEventId();
        String debit = com.platformeconomy.wallet.WalletApi.newEventId();
        String debitBody = "{\"event_id\":\"" + debit + "\",\"amount\":30,\"category\":\"api_usage\",\"reason\":\"calls\"}";
        com.platformeconomy.wallet.WalletApi.credit(user, credit, 100).statusCode(201).body("balance", equalTo(100));
        given().auth().oauth2(TestTokens.mint(user, "user")).contentType(io.restassured.http.ContentType.JSON).body(debitBody)
                .when().post("/v1/wallets/" + user + "/debits").then().statusCode(201).body("balance", equalTo(70));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(billing.ledgerRowCount(Set.of(credit, debit))).isEqualTo(4));

        // Redis loses everything of the bucket: balances, counter, accounts, stream and the ids' records.
        Keys.Bucket bucket = keys.of(user);
        List<String> lost = new ArrayList<>(List.of(bucket.billingStream(), bucket.seq(), bucket.accounts(),
                bucket.event(credit), bucket.event(debit)));
        billing.redis().set(String.class).smembers(bucket.accounts()).forEach(account -> lost.add(bucket.wallet(account)));
        billing.redis().key().del(lost.toArray(String[]::new));
        given().auth().oauth2(admin()).when().post(PATH + "/rebuild").then().statusCode(200);
        assertThat(billing.balance(user)).isEqualTo(70);

        // The retries: answered their first outcome from the ledger, nothing moved.
        com.platformeconomy.wallet.WalletApi.credit(user, credit, 100).statusCode(200).body("balance", equalTo(100));
        given().auth().oauth2(TestTokens.mint(user, "user")).contentType(io.restassured.http.ContentType.JSON).body(debitBody)
                .when().post("/v1/wallets/" + user + "/debits").then().statusCode(200).body("balance", equalTo(70));
        // The same id for another credit: refused; the admin credits' record (four eyes) names it for 100.
        com.platformeconomy.wallet.WalletApi.credit(user, credit, 101).statusCode(409).body("code", equalTo("event_id_reused"));
        // Another movement under it: refused, as the ledger cannot answer it.
        given().auth().oauth2(TestTokens.mint(user, "user")).contentType(io.restassured.http.ContentType.JSON)
                .body(debitBody.replace(debit, credit))
                .when().post("/v1/wallets/" + user + "/debits").then().statusCode(409).body("code", equalTo("event_too_old"));
        assertThat(billing.balance(user)).isEqualTo(70);
        // A new id moves as ever.
        com.platformeconomy.wallet.WalletApi.credit(user, 5).statusCode(201).body("balance", equalTo(75));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(reconcile(admin()).getList("drift")).isEmpty());
        assertThat(billing.ledgerBalance(user)).isEqualTo(75);
    }

    /**
     * A hold's record is what stops a second capture; Redis' data loss takes it. A retried reservation
     * under the same hold id holds the tokens again (nothing moves), but its capture is refused: the
     * ledger holds the hold's capture. Before, it moved the tokens a second time under the same id.
     */
    @Test
    void afterRedisLosesItsDataAHoldCapturedBeforeIsNotCapturedAgain() {
        String user = BillingFixture.account("user");
        String payee = "node-op:" + java.util.UUID.randomUUID().toString().substring(0, 8);
        String hold = "hold-" + java.util.UUID.randomUUID();
        String reserve = "{\"hold_id\":\"" + hold + "\",\"amount\":60,\"purpose\":\"compute borrowing\",\"ttl_seconds\":600,"
                + "\"payee\":\"" + payee + "\"}";
        String capturer = TestTokens.mint("admin:capturer", "admin");
        com.platformeconomy.wallet.WalletApi.credit(user, 200).statusCode(201);
        given().auth().oauth2(TestTokens.mint(user, "user")).contentType(io.restassured.http.ContentType.JSON).body(reserve)
                .when().post("/v1/wallets/" + user + "/holds").then().statusCode(201);
        given().auth().oauth2(capturer).contentType(io.restassured.http.ContentType.JSON).body("{\"amount\":60}")
                .when().post("/v1/holds/" + hold + "/capture").then().statusCode(200);
        String capture = com.platformeconomy.contracts.event.SuiteIds.holdCapture(hold);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(billing.ledgerRowCount(Set.of(capture))).isEqualTo(2));

        Keys.Bucket bucket = keys.of(user);
        List<String> lost = new ArrayList<>(List.of(bucket.billingStream(), bucket.seq(), bucket.accounts(), bucket.hold(hold),
                bucket.holdExpiry(), bucket.holdStats()));
        billing.redis().set(String.class).smembers(bucket.accounts()).forEach(account -> lost.add(bucket.wallet(account)));
        billing.redis().key().del(lost.toArray(String[]::new));
        given().auth().oauth2(admin()).when().post(PATH + "/rebuild").then().statusCode(200);
        assertThat(billing.balance(user)).isEqualTo(140);
        assertThat(billing.balance(payee)).isEqualTo(60);

        // The user's client retries the reservation it never heard back from: held again, nothing moved.
        given().auth().oauth2(TestTokens.mint(user, "user")).contentType(io.restassured.http.ContentType.JSON).body(reserve)
                .when().post("/v1/wallets/" + user + "/holds").then().statusCode(201);
        given().auth().oauth2(capturer).contentType(io.restassured.http.ContentType.JSON).body("{\"amount\":40}")
                .when().post("/v1/holds/" + hold + "/capture").then().statusCode(409).body("code", equalTo("hold_not_active"));
        given().auth().oauth2(capturer).contentType(io.restassured.http.ContentType.JSON).body("{}")
                .when().post("/v1/holds/" + hold + "/release").then().statusCode(200);
        assertThat(billing.balance(user)).isEqualTo(140);
        assertThat(billing.balance(payee)).isEqualTo(60);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(reconcile(admin()).getList("drift")).isEmpty());
    }

    /**
     * A Redis that lost its data would number new movements from 1 again, numbers the ledger
     * already holds, and a rebuild could then not tell which of them the ledger has booked: it
     * would set balances without the movements made since the loss. So nothing moves until an
     * admin's rebuild has restored the counter from the ledger.
     */
    @Test
    void afterRedisLosesItsDataNothingMovesUntilTheRebuild() {
        String user = BillingFixture.account("user");
        BillingFixture.Moved credited = billing.transfer("credit", "platform:treasury", user, 100);
        String debit = com.platformeconomy.wallet.WalletApi.newEventId();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(billing.ledgerRowCount(Set.of(credited.eventId()))).isEqualTo(2));
        // A charge Redis applied whose event is still on its way to the ledger when Redis loses its data.
        String inFlight = billing.unrelayedCharge(user, 7);

        List<String> lost = new ArrayList<>(List.of(keys.bucket(0).billingStream(), keys.bucket(0).seq(), keys.bucket(0).accounts()));
        billing.redis().set(String.class).smembers(keys.bucket(0).accounts()).forEach(account -> lost.add(keys.bucket(0).wallet(account)));
        billing.redis().key().del(lost.toArray(String[]::new));

        try {
            com.platformeconomy.wallet.WalletApi.credit(user, 50)
                    .statusCode(503).contentType("application/problem+json")
                    .body("detail", org.hamcrest.Matchers.containsString("rebuild"));
            // Nor is a refusal remembered: the same debit after the rebuild is applied, not answered 402.
            given().auth().oauth2(TestTokens.mint(user, "user")).contentType(io.restassured.http.ContentType.JSON)
                    .body("{\"event_id\":\"" + debit + "\",\"amount\":30,\"category\":\"api_usage\",\"reason\":\"calls\"}")
                    .when().post("/v1/wallets/" + user + "/debits").then().statusCode(503);
            assertThat(billing.balance(user)).isZero();
            assertThat(billing.redis().value(String.class).get(keys.bucket(0).seq())).isNull();
        } finally {
            // The event reaches Kafka while the ledger's consumer is held up: the rebuild does not set
            // balances without it (503 ledger_behind), and once the ledger has booked it, it does.
            var ledgerConsumer = kafka.getConsumer("billing-ledger");
            try {
                ledgerConsumer.pause().await().atMost(Duration.ofSeconds(10));
                BillingFixture.publish(List.of(new org.apache.kafka.clients.producer.ProducerRecord<>("billing.events", user, inFlight)));
                given().auth().oauth2(admin()).when().post(PATH + "/rebuild")
                        .then().statusCode(503).body("code", equalTo("ledger_behind"));
            } finally {
                ledgerConsumer.resume().await().atMost(Duration.ofSeconds(10));
            }
            given().auth().oauth2(admin()).when().post(PATH + "/rebuild").then().statusCode(200);
        }
        assertThat(billing.balance(user)).isEqualTo(93);
        com.platformeconomy.wallet.WalletApi.credit(user, 50).statusCode(201).body("balance", equalTo(143));
        given().auth().oauth2(TestTokens.mint(user, "user")).contentType(io.restassured.http.ContentType.JSON)
                .body("{\"event_id\":\"" + debit + "\",\"amount\":30,\"category\":\"api_usage\",\"reason\":\"calls\"}")
                .when().post("/v1/wallets/" + user + "/debits").then().statusCode(201).body("balance", equalTo(113));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(reconcile(admin()).getList("drift")).isEmpty());
    }

    /**
     * A Redis that went back in time (restored from an older volume, a crash inside AOF's fsync
     * second, a failover to a replica that had not received the last writes) keeps a counter below
     * seqs the ledger has booked: it would number new movements with seqs the ledger holds, and its
     * balances lack movements the ledger has (the user could spend again what it spent). The periodic
     * check stops it as a Redis that lost its data: nothing moves until an admin's rebuild restores
     * balances and numbering from the ledger.
     */
    @Test
    void aRedisThatWentBackInTimeMovesNothingUntilTheRebuild() {
        String user = BillingFixture.account("user");
        BillingFixture.Moved credited = billing.transfer("credit", "platform:treasury", user, 100);
        BillingFixture.Moved spent = billing.charge(user, 60);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(billing.ledgerRowCount(Set.of(credited.eventId(), spent.eventId()))).isGreaterThanOrEqualTo(4));
        String counter = billing.redis().value(String.class).get(keys.bucket(0).seq());

        // Redis as it was before the charge: its counter and the user's balance.
        billing.redis().value(String.class).set(keys.bucket(0).seq(), Long.toString(spent.seq() - 1));
        billing.redis().hash(String.class).hset(keys.bucket(0).wallet(user), "balance", "100");
        try {
            assertThat(driftCheck.check().await().atMost(Duration.ofSeconds(30))).isEqualTo("redis_behind");
            assertThat(billing.redis().value(String.class).get(keys.bucket(0).seq())).isNull();
            com.platformeconomy.wallet.WalletApi.credit(user, 50)
                    .statusCode(503).contentType("application/problem+json")
                    .body("detail", org.hamcrest.Matchers.containsString("rebuild"));
            assertThat(billing.balance(user)).isEqualTo(100);
        } finally {
            rebuildWithTheCounterAsItWas(counter);
        }
        assertThat(billing.balance(user)).isEqualTo(40);
        theNextMovementIsNumberedPast(spent.seq(), user, 5, 45);
    }

    /**
     * Between a Redis going back in time (it lost its last two writes) and the next periodic check (5
     * minutes), the user spends again what it spent, under a seq the ledger holds for the first spend.
     * The ledger sees the reused seq as it books the second spend, and the bucket, whose counter is
     * still below the ledger's highest seq, is stopped there, without waiting for the check; the
     * rebuild then counts every spend (the second one happened: the caller was answered 200).
     */
    @Test
    void aSeqTheLedgerHoldsForAnotherMovementStopsTheBucketWithoutWaitingForTheCheck() {
        double stoppedBefore = registry.counter("wallet.reconciliation.redis.behind").count();
        WentBack wentBack = twoChargesBookedThenRedisAsBeforeThem();
        String user = wentBack.user();
        BillingFixture.Moved spent = wentBack.spent();
        BillingFixture.Moved spentToo = wentBack.spentToo();
        String counter = wentBack.counter();

        // No check runs: the user spends the 60 again.
        BillingFixture.Moved again = billing.charge(user, 60);
        assertThat(again.seq()).isEqualTo(spent.seq());
        try {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(billing.redis().value(String.class).get(keys.bucket(0).seq())).isNull());
            com.platformeconomy.wallet.WalletApi.credit(user, 50)
                    .statusCode(503).contentType("application/problem+json")
                    .body("detail", org.hamcrest.Matchers.containsString("rebuild"));
            assertThat(registry.counter("wallet.reconciliation.redis.behind").count()).isEqualTo(stoppedBefore + 1);
            assertThat(registry.counter("wallet.ledger.seqs.numbered.twice").count()).isPositive();
        } finally {
            rebuildWithTheCounterAsItWas(counter);
        }
        // Every spend is booked: the user owes the 50 it spent twice.
        assertThat(billing.ledgerRowCount(Set.of(again.eventId()))).isEqualTo(2);
        assertThat(billing.balance(user)).isEqualTo(-50);
        theNextMovementIsNumberedPast(spentToo.seq(), user, 55, 5);
    }

    /**
     * A movement still in the bucket's stream when it is stopped (read by a relay replica that
     * stalled, not yet on Kafka) is one the user was answered for: the rebuild waits until the relay
     * has published it and the ledger has booked it, and counts it, rather than set balances without
     * it (a drift once it is booked, and a balance the user spends twice).
     */
    @Test
    void theRebuildCountsAMovementStillInTheStreamWhenTheBucketStopped() {
        WentBack wentBack = twoChargesBookedThenRedisAsBeforeThem();
        String user = wentBack.user();
        BillingFixture.Moved spentToo = wentBack.spentToo();
        String counter = wentBack.counter();

        // The user is charged 7, and the relay that read it stalls.
        BillingFixture.Moved stalled = billing.chargeReadByAStalledRelay(user, 7);
        try {
            assertThat(driftCheck.check().await().atMost(Duration.ofSeconds(30))).isEqualTo("redis_behind");
            assertThat(billing.ledgerRowCount(Set.of(stalled.eventId()))).isZero();
        } finally {
            rebuildWithTheCounterAsItWas(counter);
        }
        assertThat(billing.ledgerRowCount(Set.of(stalled.eventId()))).isEqualTo(2);
        assertThat(billing.balance(user)).isEqualTo(3);
        theNextMovementIsNumberedPast(spentToo.seq(), user, 5, 8);
    }

    /** A user, two charges of it, and bucket 0's counter before Redis went back (as {@link #rebuildWithTheCounterAsItWas} wants it). */
    private record WentBack(String user, BillingFixture.Moved spent, BillingFixture.Moved spentToo, String counter) {
    }

    /**
     * A user credited 100 and charged 60 and 30, all booked; then Redis as it was before the two
     * charges (lost its last two writes): bucket 0's counter and the user's balance.
     */
    private WentBack twoChargesBookedThenRedisAsBeforeThem() {
        String user = BillingFixture.account("user");
        BillingFixture.Moved credited = billing.transfer("credit", "platform:treasury", user, 100);
        BillingFixture.Moved spent = billing.charge(user, 60);
        BillingFixture.Moved spentToo = billing.charge(user, 30);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(billing.ledgerRowCount(
                Set.of(credited.eventId(), spent.eventId(), spentToo.eventId()))).isGreaterThanOrEqualTo(6));
        String counter = billing.redis().value(String.class).get(keys.bucket(0).seq());
        billing.redis().value(String.class).set(keys.bucket(0).seq(), Long.toString(spent.seq() - 1));
        billing.redis().hash(String.class).hset(keys.bucket(0).wallet(user), "balance", "100");
        return new WentBack(user, spent, spentToo, counter);
    }

    /** After a test that set bucket 0's counter back: as it was when nothing removed it (without the fix), then the admin's rebuild. */
    private void rebuildWithTheCounterAsItWas(String counter) {
        if (billing.redis().value(String.class).get(keys.bucket(0).seq()) != null) {
            billing.redis().value(String.class).set(keys.bucket(0).seq(), counter);
        }
        given().auth().oauth2(admin()).when().post(PATH + "/rebuild").then().statusCode(200);
    }

    /** After the rebuild: a credit of {@code amount} is numbered past {@code seq}, leaves {@code balance}, and nothing drifts. */
    private void theNextMovementIsNumberedPast(long seq, String user, long amount, long balance) {
        BillingFixture.Moved next = billing.transfer("credit", "platform:treasury", user, amount);
        assertThat(next.seq()).isGreaterThan(seq);
        assertThat(billing.balance(user)).isEqualTo(balance);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(reconcile(admin()).getList("drift")).isEmpty());
    }

    /**
     * A billing event the wallet's relay did not write (a test's own, or anyone's holding the wallet's
     * Kafka credential) under a seq the ledger holds stops nothing while the counter is past it: the
     * ledger books it (as before) and counts it, and movements go on.
     */
    @Test
    void aForeignEventUnderABookedSeqDoesNotStopTheBucket() {
        String user = BillingFixture.account("user");
        BillingFixture.Moved credited = billing.transfer("credit", "platform:treasury", user, 100);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(billing.ledgerRowCount(Set.of(credited.eventId()))).isEqualTo(2));
        double seen = registry.counter("wallet.ledger.seqs.numbered.twice").count();
        String foreign = "chg-" + java.util.UUID.randomUUID();
        String event = com.platformeconomy.contracts.event.EventCodec.encode(com.platformeconomy.wallet.stream.BillingStream.toEvent(
                new java.util.LinkedHashMap<>(Map.of("type", "credit", "event_id", foreign, "seq", Long.toString(credited.seq()),
                        "from", "platform:treasury", "to", user, "amount", "1", "subject", user, "category", "other",
                        "reason", "a foreign event", "time", Long.toString(System.currentTimeMillis())))));
        BillingFixture.publish(List.of(new org.apache.kafka.clients.producer.ProducerRecord<>("billing.events", user, event)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(registry.counter("wallet.ledger.seqs.numbered.twice").count()).isGreaterThan(seen));
        assertThat(billing.redis().value(String.class).get(keys.bucket(0).seq())).isNotNull();
        com.platformeconomy.wallet.WalletApi.credit(user, 5).statusCode(201);
    }

    @Test
    void thePeriodicCheckTurnsDriftIntoTheGaugesAnAlertReadsAndCountsItsRuns() {
        String user = BillingFixture.account("user");
        billing.transfer("credit", "platform:treasury", user, 100);
        assertThat(driftCheck.check().await().atMost(Duration.ofSeconds(30))).isIn("clean", "drift");
        double accounts = gauge("wallet.reconciliation.drift.accounts");
        double tokens = gauge("wallet.reconciliation.drift.tokens");
        double drifted = registry.get(DriftCheck.RUNS).tag("outcome", "drift").counter().count();

        // 40 tokens appear in Redis behind the ledger's back: the next check names one more account, 40 more tokens.
        billing.redis().hash(String.class).hincrby(keys.bucket(0).wallet(user), "balance", 40);
        try {
            assertThat(driftCheck.check().await().atMost(Duration.ofSeconds(30))).isEqualTo("drift");
            assertThat(gauge("wallet.reconciliation.drift.accounts")).isEqualTo(accounts + 1);
            assertThat(gauge("wallet.reconciliation.drift.tokens")).isEqualTo(tokens + 40);
            assertThat(registry.get(DriftCheck.RUNS).tag("outcome", "drift").counter().count()).isEqualTo(drifted + 1);
        } finally {
            billing.redis().hash(String.class).hincrby(keys.bucket(0).wallet(user), "balance", -40);
        }
        driftCheck.check().await().atMost(Duration.ofSeconds(30));
        assertThat(gauge("wallet.reconciliation.drift.accounts")).isEqualTo(accounts);
        assertThat(gauge("wallet.reconciliation.drift.tokens")).isEqualTo(tokens);
    }

    private double gauge(String name) {
        return registry.get(name).gauge().value();
    }
}
