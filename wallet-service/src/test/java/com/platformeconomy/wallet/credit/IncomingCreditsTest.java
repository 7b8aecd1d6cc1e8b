package com.platformeconomy.wallet.credit;

import static com.platformeconomy.wallet.WalletApi.balance;
import static org.assertj.core.api.Assertions.assertThat;

import com.platformeconomy.contracts.event.CloudEvent;
import com.platformeconomy.contracts.event.EventCodec;
import com.platformeconomy.contracts.event.RevenueDistributed;
import com.platformeconomy.contracts.event.SettlementAwarded;
import com.platformeconomy.contracts.event.SuiteIds;
import com.platformeconomy.contracts.event.Topics;
import com.platformeconomy.stack.LocalStackResource;
import com.platformeconomy.testkit.kafka.KafkaSender;
import com.platformeconomy.wallet.redis.Keys;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
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
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Settlement awards and revenue distributions arrive on Kafka and are credited exactly once. */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class IncomingCreditsTest {

    /** The stack's admin user: the test damages and inspects Redis as the service itself may not. */
    @Inject
    Keys keys;

    @Inject
    @RedisClientName("admin")
    Redis redis;
    @Inject
    Pool pool;

    private KafkaSender producer;

    @BeforeEach
    void connect() {
        producer = KafkaSender.asAdmin();
    }

    @AfterEach
    void close() {
        producer.close();
    }

    private void send(String topic, String key, String value) {
        producer.send(topic, key, value);
    }

    private static String award(String batchId, String operator, long tokens) {
        return EventCodec.encode(CloudEvent.of(batchId, SettlementAwarded.TYPE, "/settlement-service", operator, Instant.now(),
                new SettlementAwarded(batchId, operator, tokens, new BigDecimal("1.23"), 2)));
    }

    private long ledgerRows(String eventId) {
        return pool.preparedQuery("SELECT count(*) FROM token_ledger WHERE event_id = $1").execute(Tuple.of(eventId))
                .await().indefinitely().iterator().next().getLong(0);
    }

    /**
     * SPEC §10 "Nothing is dropped silently": two unreadable records are two parked events, each with
     * its own payload, even when their text has the same String.hashCode (a collision anyone can
     * write: "Aa" and "BB"); keyed by that hash, the second would have landed on the first's row and
     * its payload would be gone.
     */
    @Test
    void twoUnreadableRecordsWithTheSameHashCodeAreParkedApart() throws Exception {
        String tag = UUID.randomUUID().toString();
        String first = "{unreadable " + tag + " Aa";
        String second = "{unreadable " + tag + " BB";
        assertThat(first.hashCode()).isEqualTo(second.hashCode());
        send(Topics.SETTLEMENT_AWARDED, "k", first);
        send(Topics.SETTLEMENT_AWARDED, "k", second);
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            java.util.List<String> payloads = io.restassured.RestAssured.given()
                    .auth().oauth2(com.platformeconomy.stack.TestTokens.mint("admin:tests", "admin"))
                    .when().get("/v1/admin/parked?open=true").then().statusCode(200).extract().jsonPath().getList("payload");
            assertThat(payloads).contains(first, second);
        });
    }

    @Test
    void aSettlementAwardSentThreeTimesIsCreditedOnce() throws Exception {
        String operator = "node-op:" + UUID.randomUUID().toString().substring(0, 8);
        String batch = "batch-" + UUID.randomUUID();
        send(Topics.SETTLEMENT_AWARDED, operator, "{broken");
        for (int i = 0; i < 3; i++) {
            send(Topics.SETTLEMENT_AWARDED, operator, award(batch, operator, 123));
        }
        String later = "batch-" + UUID.randomUUID();
        send(Topics.SETTLEMENT_AWARDED, operator, award(later, operator, 10));

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> balance(operator) == 133);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ledgerRows(SuiteIds.settlementAward(batch)) == 2 && ledgerRows(SuiteIds.settlementAward(later)) == 2);
        assertThat(balance(operator)).isEqualTo(133);
    }

    @Test
    void aReplayAfterRedisForgotTheEventIsStoppedByTheLedger() throws Exception {
        String operator = "node-op:" + UUID.randomUUID().toString().substring(0, 8);
        String batch = "batch-" + UUID.randomUUID();
        send(Topics.SETTLEMENT_AWARDED, operator, award(batch, operator, 50));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ledgerRows(SuiteIds.settlementAward(batch)) == 2);
        // Redis keeps a suite id's record for days (wallet.suite-id-record-ttl): a redelivery after a
        // long outage, before the ledger caught up, still finds it.
        assertThat(redis.send(Request.cmd(Command.TTL).arg(keys.bucket(0).event(SuiteIds.settlementAward(batch)))).await().indefinitely()
                .toLong()).isGreaterThan(6 * 24 * 3600L);

        // The record has expired (wallet.suite-id-record-ttl); only the ledger remembers.
        redis.send(Request.cmd(Command.DEL).arg(keys.bucket(0).event(SuiteIds.settlementAward(batch)))).await().indefinitely();
        send(Topics.SETTLEMENT_AWARDED, operator, award(batch, operator, 50));
        String marker = "batch-" + UUID.randomUUID();
        send(Topics.SETTLEMENT_AWARDED, operator, award(marker, operator, 1));

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ledgerRows(SuiteIds.settlementAward(marker)) == 2);
        assertThat(balance(operator)).isEqualTo(51);
        assertThat(ledgerRows(SuiteIds.settlementAward(batch))).isEqualTo(2);
    }

    @Test
    void aDistributionIsCreditedFromThePlatformsRevenueOnce() throws Exception {
        String user = "user:" + UUID.randomUUID().toString().substring(0, 8);
        String id = "dist:2026-11:users:" + user;
        String event = EventCodec.encode(CloudEvent.of(id, RevenueDistributed.TYPE, "/revenue-service", user, Instant.now(),
                new RevenueDistributed(LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-30"), "users", user, 202)));
        long revenueBefore = balance("platform:revenue");
        send(Topics.REVENUE_DISTRIBUTIONS, user, event);
        send(Topics.REVENUE_DISTRIBUTIONS, user, event);

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ledgerRows(SuiteIds.PREFIX + "revenue-distribution/" + id) == 2);
        assertThat(balance(user)).isEqualTo(202);
        assertThat(balance("platform:revenue")).isLessThanOrEqualTo(revenueBefore - 202 + 0);
    }

    /**
     * A distribution pays a pool's recipient from the platform's revenue: never escrow (tokens there
     * that no hold's legs account for, which reconciliation pairs only by hold ids) nor the treasury
     * (revenue paid back into what the platform owes for issued tokens), whatever revenue-service, or
     * a leaked credential of it, says. Parked, nothing moved; the central account is still paid.
     */
    @Test
    void aDistributionToEscrowOrTheTreasuryIsParkedNotCredited() throws Exception {
        long escrowBefore = balance("escrow");
        long treasuryBefore = balance("platform:treasury");
        String period = "2026-10-" + UUID.randomUUID().toString().substring(0, 8);
        for (String account : java.util.List.of("escrow", "platform:treasury")) {
            String id = "dist:" + period + ":central:" + account;
            send(Topics.REVENUE_DISTRIBUTIONS, account, EventCodec.encode(CloudEvent.of(id, RevenueDistributed.TYPE, "/revenue-service",
                    account, Instant.now(), new RevenueDistributed(LocalDate.parse("2026-10-01"), LocalDate.parse("2026-10-31"), "central",
                            account, 55))));
        }
        String central = "dist:" + period + ":central:platform:central";
        send(Topics.REVENUE_DISTRIBUTIONS, "platform:central", EventCodec.encode(CloudEvent.of(central, RevenueDistributed.TYPE,
                "/revenue-service", "platform:central", Instant.now(), new RevenueDistributed(LocalDate.parse("2026-10-01"),
                        LocalDate.parse("2026-10-31"), "central", "platform:central", 3))));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ledgerRows(SuiteIds.PREFIX + "revenue-distribution/" + central) == 2);
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            java.util.List<java.util.Map<String, Object>> parked = io.restassured.RestAssured.given()
                    .auth().oauth2(com.platformeconomy.stack.TestTokens.mint("admin:tests", "admin"))
                    .when().get("/v1/admin/parked?open=true").then().statusCode(200).extract().jsonPath().getList("$");
            assertThat(parked).filteredOn(p -> String.valueOf(p.get("payload")).contains(period) && !String.valueOf(p.get("payload"))
                    .contains("platform:central")).hasSize(2);
        });
        for (String account : java.util.List.of("escrow", "platform:treasury")) {
            assertThat(ledgerRows(SuiteIds.PREFIX + "revenue-distribution/dist:" + period + ":central:" + account)).as(account).isZero();
        }
        assertThat(balance("escrow")).isEqualTo(escrowBefore);
        assertThat(balance("platform:treasury")).isEqualTo(treasuryBefore);
    }

    /**
     * SPEC §10 "Event ids cannot collide with the suite's own": a distribution event whose id is
     * another suite id (a top-up's credit, a hold's capture) is credited in the distributions'
     * namespace, never under that id, which would refuse the real movement later (a top-up paid
     * and refunded) or park its ledger rows.
     */
    @Test
    void aDistributionCannotTakeAnotherMovementsSuiteId() throws Exception {
        String user = "user:" + UUID.randomUUID().toString().substring(0, 8);
        String topUpCredit = SuiteIds.topUpCredit(UUID.randomUUID().toString());
        String event = EventCodec.encode(CloudEvent.of(topUpCredit, RevenueDistributed.TYPE, "/revenue-service", user, Instant.now(),
                new RevenueDistributed(LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-30"), "users", user, 7)));
        send(Topics.REVENUE_DISTRIBUTIONS, user, event);

        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> ledgerRows(SuiteIds.PREFIX + "revenue-distribution/" + topUpCredit) == 2);
        assertThat(ledgerRows(topUpCredit)).isZero();
        assertThat(redis.send(Request.cmd(Command.EXISTS).arg(keys.bucket(0).event(topUpCredit))).await().indefinitely().toLong()).isZero();
        assertThat(balance(user)).isEqualTo(7);
    }

    /**
     * A topic owner's event with an oversized id or account (a bug, or a leaked credential) is parked
     * and moves nothing, and what follows it is still applied and booked. Before, an 8 KB id was
     * credited, and its ledger rows exceeded PostgreSQL's index entry size: the ledger retried that
     * batch for good and booked nothing after it; a parked row keyed by it could not be written either.
     */
    @Test
    void anOversizedIdOrAccountIsParkedAndWhatFollowsIsStillBooked() throws Exception {
        String user = "user:" + UUID.randomUUID().toString().substring(0, 8);
        String marker = UUID.randomUUID().toString();
        StringBuilder noise = new StringBuilder();
        java.util.Random random = new java.util.Random(7);
        while (noise.length() < 8000) {
            noise.append(Long.toString(random.nextLong(), 36));
        }
        String longId = "dist:" + marker + ":" + noise;
        String longAccount = "user:" + marker + noise;
        send(Topics.REVENUE_DISTRIBUTIONS, user, EventCodec.encode(CloudEvent.of(longId, RevenueDistributed.TYPE, "/revenue-service",
                user, Instant.now(), new RevenueDistributed(LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-30"), "users", user, 5))));
        send(Topics.REVENUE_DISTRIBUTIONS, user, EventCodec.encode(CloudEvent.of("dist:" + marker + ":account", RevenueDistributed.TYPE,
                "/revenue-service", user, Instant.now(), new RevenueDistributed(LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-30"),
                        "users", longAccount, 6))));
        // 250 characters is a readable event id, but the credit's id (pes/revenue-distribution/ + it) is not.
        String nearLimit = ("dist:" + marker + ":near:" + noise).substring(0, 250);
        send(Topics.REVENUE_DISTRIBUTIONS, user, EventCodec.encode(CloudEvent.of(nearLimit, RevenueDistributed.TYPE, "/revenue-service",
                user, Instant.now(), new RevenueDistributed(LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-30"), "users", user, 8))));
        String after = "dist:" + marker + ":after";
        send(Topics.REVENUE_DISTRIBUTIONS, user, EventCodec.encode(CloudEvent.of(after, RevenueDistributed.TYPE, "/revenue-service",
                user, Instant.now(), new RevenueDistributed(LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-30"), "users", user, 7))));

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ledgerRows(SuiteIds.PREFIX + "revenue-distribution/" + after) == 2);
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            java.util.List<java.util.Map<String, Object>> parked = io.restassured.RestAssured.given()
                    .auth().oauth2(com.platformeconomy.stack.TestTokens.mint("admin:tests", "admin"))
                    .when().get("/v1/admin/parked?open=true").then().statusCode(200).extract().jsonPath().getList("$");
            assertThat(parked).filteredOn(p -> String.valueOf(p.get("payload")).contains(marker)).hasSize(3)
                    .allSatisfy(p -> assertThat(String.valueOf(p.get("reason")).length()).isLessThan(1000));
        });
        assertThat(balance(user)).isEqualTo(7);
        assertThat(ledgerRows(SuiteIds.PREFIX + "revenue-distribution/" + longId)).isZero();
        assertThat(ledgerRows(SuiteIds.PREFIX + "revenue-distribution/" + nearLimit)).isZero();
    }
}
