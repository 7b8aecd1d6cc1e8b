package com.platformeconomy.settlement.settlement;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.platformeconomy.contracts.event.CloudEvent;
import com.platformeconomy.contracts.event.EventCodec;
import com.platformeconomy.contracts.event.SettlementAwarded;
import com.platformeconomy.contracts.event.Topics;
import com.platformeconomy.platform.outbox.OutboxRelay;
import com.platformeconomy.settlement.Db;
import com.platformeconomy.settlement.KafkaTopic;
import com.platformeconomy.settlement.Usage;
import com.platformeconomy.stack.LocalStackResource;
import com.platformeconomy.stack.TestTokens;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The service "killed" at the points that matter, with the outbox relay off so that nothing
 * publishes behind the test's back: before the settling transaction commits, and after it
 * committed but before the relay published; then "restarted" (the relay publishes what it finds),
 * including a second publication of the same rows, as a crash between Kafka's ack and the relay's
 * mark would cause. The operator's wallet, which credits once per event id, must end with exactly
 * the spark of its settled records.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
@TestProfile(SettlementCrashTest.RelayOff.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SettlementCrashTest {

    public static class RelayOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("pes.outbox.relay-enabled", "false");
        }
    }

    private static final List<String> OPERATORS = List.of(Usage.newOperator(), Usage.newOperator(), Usage.newOperator());

    @Inject
    SettlementService settlement;
    @Inject
    OutboxRelay relay;

    @Test
    @Order(1)
    void killedBeforeTheCommitEverythingStaysPendingAndNothingIsQueued() {
        for (String operator : OPERATORS) {
            Usage.record("node-c-" + operator.substring(8), operator, "hive", "0.004");
            Usage.record("node-c-" + operator.substring(8), operator, "idle", "1.23");
            Usage.record("node-c2-" + operator.substring(8), operator, "hive", "0.019");
        }
        Usage.record("node-c-orphan", null, "hive", "0.70");

        assertThatThrownBy(() -> VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() ->
                settlement.settleInCurrentTransaction()
                        .chain(done -> Uni.createFrom().failure(new IllegalStateException("killed before the commit"))))))
                .hasMessageContaining("killed before the commit");

        // The orphan (a node nobody registered) was not payable from the start; nothing else moved.
        assertThat(Db.rows("SELECT 1 FROM metered_usage WHERE settlement_status NOT IN ('pending', 'not_payable')")).isEmpty();
        assertThat(Db.rows("SELECT 1 FROM metered_usage WHERE settlement_status = 'not_payable'")).hasSize(1);
        assertThat(Db.rows("SELECT 1 FROM settlement_batch")).isEmpty();
        assertThat(Db.rows("SELECT 1 FROM outbox")).isEmpty();
    }

    @Test
    @Order(2)
    void killedAfterTheCommitBeforePublishingThenRestartedEachBatchIsAwardedOnce() throws Throwable {
        given().auth().oauth2(TestTokens.mint("admin:ops", "admin")).when().post("/api/admin/settlements/run")
                .then().statusCode(200)
                .body("settled_count", org.hamcrest.Matchers.equalTo(9))
                .body("total_spark_awarded", org.hamcrest.Matchers.equalTo(375))
                .body("total_usd_settled", org.hamcrest.Matchers.equalTo(3.759f))
                .body("written_off", org.hamcrest.Matchers.equalTo(0));

        // Committed: every record settled, one unpublished event per batch, nothing on Kafka.
        assertThat(Db.rows("SELECT 1 FROM metered_usage WHERE settlement_status = 'pending'")).isEmpty();
        Set<String> batchIds = Db.rows("SELECT CAST(batch_id AS TEXT) AS id FROM settlement_batch").stream()
                .map(row -> row.getString("id")).collect(Collectors.toSet());
        assertThat(batchIds).hasSize(OPERATORS.size());
        assertThat(Db.rows("SELECT event_id FROM outbox WHERE published_at IS NULL").stream()
                .map(row -> row.getString("event_id"))).containsExactlyInAnyOrderElementsOf(batchIds);

        try (KafkaTopic awards = new KafkaTopic(Topics.SETTLEMENT_AWARDED)) {
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> awards.events().isEmpty());

            // Another replica's relay is publishing (it holds the relay's lock): this one publishes nothing,
            // so that no key's events pass each other on their way to Kafka.
            io.vertx.mutiny.sqlclient.SqlConnection other = io.quarkus.arc.Arc.container().instance(io.vertx.mutiny.sqlclient.Pool.class)
                    .get().getConnectionAndAwait();
            try {
                other.preparedQuery("SELECT pg_advisory_lock($1)").executeAndAwait(io.vertx.mutiny.sqlclient.Tuple.of(OutboxRelay.RELAY_LOCK));
                assertThat(VertxContextSupport.subscribeAndAwait(() -> relay.publishPending())).isZero();
                assertThat(Db.rows("SELECT 1 FROM outbox WHERE published_at IS NULL")).hasSize(OPERATORS.size());
                other.preparedQuery("SELECT pg_advisory_unlock($1)").executeAndAwait(io.vertx.mutiny.sqlclient.Tuple.of(OutboxRelay.RELAY_LOCK));
            } finally {
                other.closeAndAwait();
            }

            // "Restart": the relay publishes what the outbox holds.
            assertThat(VertxContextSupport.subscribeAndAwait(() -> relay.publishPending())).isEqualTo(OPERATORS.size());
            await().atMost(Duration.ofSeconds(20)).until(() -> awards.events().size() >= OPERATORS.size());
            List<CloudEvent<JsonNode>> once = awards.events();
            assertThat(once).extracting(CloudEvent::id).containsExactlyInAnyOrderElementsOf(batchIds);
            assertWalletGetsExactlyTheSettledSpark(once);

            // Published again (a crash after Kafka's ack, before the relay marked the rows): same event ids.
            assertThat(Db.update("UPDATE outbox SET published_at = NULL")).isEqualTo(OPERATORS.size());
            assertThat(VertxContextSupport.subscribeAndAwait(() -> relay.publishPending())).isEqualTo(OPERATORS.size());
            await().atMost(Duration.ofSeconds(20)).until(() -> awards.events().size() >= 2 * OPERATORS.size());
            List<CloudEvent<JsonNode>> twice = awards.events();
            assertThat(twice).hasSize(2 * OPERATORS.size());
            assertThat(twice.stream().map(CloudEvent::id).collect(Collectors.toSet())).isEqualTo(batchIds);
            assertWalletGetsExactlyTheSettledSpark(twice);
        }

        // A later run finds nothing more to settle.
        given().auth().oauth2(TestTokens.mint("admin:ops", "admin")).when().post("/api/admin/settlements/run")
                .then().statusCode(200).body("settled_count", org.hamcrest.Matchers.equalTo(0));
    }

    /** What a wallet that credits once per event id ends with, per operator, equals the spark of its settled records. */
    private static void assertWalletGetsExactlyTheSettledSpark(List<CloudEvent<JsonNode>> delivered) {
        Map<String, SettlementAwarded> onceEach = delivered.stream()
                .collect(Collectors.toMap(CloudEvent::id, event -> EventCodec.data(event, SettlementAwarded.class),
                        (first, again) -> {
                            assertThat(again).as("a redelivery carries the same award").isEqualTo(first);
                            return first;
                        }));
        for (String operator : OPERATORS) {
            long credited = onceEach.values().stream().filter(award -> award.operatorId().equals(operator))
                    .mapToLong(SettlementAwarded::tokens).sum();
            Row settled = Db.row("SELECT SUM(spark_awarded) AS spark, COUNT(*) AS n FROM metered_usage"
                    + " WHERE operator_id = $1 AND settlement_status = 'settled'", operator);
            assertThat(settled.getLong("n")).isEqualTo(3);
            assertThat(credited).isEqualTo(settled.getLong("spark")).isEqualTo(125);
        }
    }
}
