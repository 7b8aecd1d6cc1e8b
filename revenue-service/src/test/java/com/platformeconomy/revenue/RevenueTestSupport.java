package com.platformeconomy.revenue;

import com.platformeconomy.contracts.event.ChargeRecorded;
import com.platformeconomy.contracts.event.CloudEvent;
import com.platformeconomy.contracts.event.GoalChanged;
import com.platformeconomy.contracts.event.SettlementAwarded;
import com.platformeconomy.contracts.event.TokensTransferred;
import com.platformeconomy.contracts.event.Topics;
import com.platformeconomy.testkit.kafka.KafkaSender;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** Real Kafka events and direct looks at the service's own tables, for tests. */
public final class RevenueTestSupport {

    private static KafkaSender producer;

    private RevenueTestSupport() {
    }

    /** Empties everything the revenue tests count, so that each test starts from a known state. */
    public static void reset(Pool pool) {
        pool.query("""
                TRUNCATE revenue_rollup, processed_event, compute_report, distribution_period, funding_decision, contributions;
                UPDATE distribution_carry SET amount = 0;
                DELETE FROM outbox""").execute().await().atMost(Duration.ofSeconds(10));
    }

    public static long scalar(Pool pool, String sql, Object... args) {
        Row row = pool.preparedQuery(sql).execute(Tuple.from(args)).await().atMost(Duration.ofSeconds(10)).iterator().next();
        Object value = row.getValue(0);
        return value == null ? 0 : ((Number) value).longValue();
    }

    public static String debit(String account, long amount, String category, Instant at) {
        TokensTransferred data = new TokensTransferred(TokensTransferred.DEBIT, account, "platform:revenue", amount,
                category, "test", 1);
        return send(Topics.BILLING_EVENTS, CloudEvent.of(UUID.randomUUID().toString(), TokensTransferred.TYPE,
                "wallet-service", account, at, data));
    }

    public static String credit(String account, long amount, Instant at) {
        TokensTransferred data = new TokensTransferred(TokensTransferred.CREDIT, "platform:treasury", account, amount,
                null, "top-up", 1);
        return send(Topics.BILLING_EVENTS, CloudEvent.of(UUID.randomUUID().toString(), TokensTransferred.TYPE,
                "wallet-service", account, at, data));
    }

    public static String charge(String user, long total, long developerShare, Instant at) {
        ChargeRecorded data = new ChargeRecorded(user, "app-1", "dev:acme", "tool", false, total, developerShare,
                total - developerShare, "platform:revenue", 1);
        return send(Topics.BILLING_EVENTS, CloudEvent.of(UUID.randomUUID().toString(), ChargeRecorded.TYPE,
                "wallet-service", user, at, data));
    }

    public static String award(String operator, long tokens, Instant at) {
        SettlementAwarded data = new SettlementAwarded(UUID.randomUUID().toString(), operator, tokens,
                new BigDecimal("0.20"), 1);
        return send(Topics.SETTLEMENT_AWARDED, CloudEvent.of(UUID.randomUUID().toString(), SettlementAwarded.TYPE,
                "settlement-service", operator, at, data));
    }

    public static void goalChanged(String goalId, String requestId, String change, String status, long budget) {
        GoalChanged data = new GoalChanged(goalId, requestId, change, status, "paper", budget, "platform_revenue");
        goalChanged("goal:" + goalId + ":" + change, goalId, data);
    }

    /** goal-service's event {@code data} under event id {@code eventId}, keyed {@code key} (a key orders it among that key's events). */
    public static void goalChanged(String eventId, String key, GoalChanged data) {
        send(Topics.GOALS_EVENTS, CloudEvent.of(eventId, GoalChanged.TYPE, "goal-service", key, Instant.now(), data));
    }

    /** Sends the event as it is and returns its JSON, so that tests can replay it byte for byte. */
    public static String send(String topic, CloudEvent<?> event) {
        return producer().send(topic, event);
    }

    public static void sendRaw(String topic, String key, String json) {
        producer().send(topic, key, json);
    }

    /** One producer for the test JVM: the revenue tests send many events. */
    private static synchronized KafkaSender producer() {
        if (producer == null) {
            producer = KafkaSender.asAdmin();
        }
        return producer;
    }
}
