package com.platformeconomy.settlement.usage;

import static com.platformeconomy.testkit.tokens.Tokens.admin;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.platformeconomy.contracts.event.Topics;
import com.platformeconomy.settlement.Db;
import com.platformeconomy.settlement.Usage;
import com.platformeconomy.stack.LocalStackResource;
import com.platformeconomy.stack.TestTokens;
import com.platformeconomy.testkit.kafka.KafkaSender;
import com.platformeconomy.platform.parking.ParkingLot;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import jakarta.inject.Inject;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** SPEC §10 "Nothing is dropped silently": what the metered.usage consumer cannot apply is parked, listed, replayed. */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class ParkingTest {

    @Inject
    ParkingLot parking;

    @Inject
    MeterRegistry registry;

    private static long parkedWith(String fragment) {
        return Db.rows("SELECT id FROM parked_event WHERE payload LIKE $1", "%" + fragment + "%").stream()
                .mapToLong(row -> row.getLong("id")).max().orElse(-1);
    }

    @Test
    void theWaitingGaugeCountsWhatAnotherReplicaParkedAndWhatWasReplayed() {
        parking.countWaiting().await().atMost(Duration.ofSeconds(10));
        double before = waiting();
        // Another replica parked it: this one learns of it from the periodic count, not from parking it.
        String marker = "other-replica-" + UUID.randomUUID();
        Db.update("INSERT INTO parked_event (channel, message_key, payload, reason) VALUES ('metered-usage', 'k', $1, 'test')",
                "{" + marker);
        parking.countWaiting().await().atMost(Duration.ofSeconds(10));
        assertThat(waiting()).isEqualTo(before + 1);
        Db.update("UPDATE parked_event SET status = 'replayed', replayed_at = now() WHERE payload = $1", "{" + marker);
        parking.countWaiting().await().atMost(Duration.ofSeconds(10));
        assertThat(waiting()).isEqualTo(before);
    }

    private double waiting() {
        return registry.get("parking.events.waiting").gauge().value();
    }

    @Test
    void anUnreadableEventIsParkedListedAndStaysParkedWhenReplayedInVain() {
        String marker = "broken-" + UUID.randomUUID();
        KafkaSender.publish(Topics.METERED_USAGE, "k", List.of("{not json " + marker));
        await().atMost(Duration.ofSeconds(30)).until(() -> parkedWith(marker) > 0);
        long id = parkedWith(marker);
        given().auth().oauth2(admin()).when().get("/api/admin/parked-events")
                .then().statusCode(200).body("find { it.id == " + id + " }.channel", equalTo("metered-usage"));
        given().auth().oauth2(admin()).when().post("/api/admin/parked-events/" + id + "/replay")
                .then().statusCode(200).body("status", equalTo("parked")).body("replay_attempts", equalTo(1));
        given().auth().oauth2(TestTokens.mint("node-op:n1", "operator")).when().get("/api/admin/parked-events")
                .then().statusCode(403);
        String metrics = given().when().get("/q/metrics").then().extract().asString();
        assertThat(metrics).contains("parking_events_parked_total").contains("parking_events_waiting");
    }

    /**
     * A record PostgreSQL cannot store as it came (a NUL in its text; a key longer than parked_event's
     * 200 characters, such as an event id of up to 256 that failed to apply) is parked all the same,
     * escaped and bounded; before, its parking failed every time (and then again from the dead-letter
     * topic), and the channel's failure strategy decided its fate instead of an admin.
     */
    @Test
    void aRecordWithANulOrAnOversizedKeyIsParkedAndWhatFollowsToo() {
        String marker = "unstorable-" + UUID.randomUUID();
        KafkaSender.publish(Topics.METERED_USAGE, "k", List.of("{not json \u0000 " + marker));
        String after = "after-" + UUID.randomUUID();
        KafkaSender.publish(Topics.METERED_USAGE, "k", List.of("{not json " + after));
        await().atMost(Duration.ofSeconds(30)).until(() -> parkedWith(after) > 0);
        long id = parkedWith(marker);
        assertThat(id).as("the record with a NUL").isPositive();
        assertThat(Db.rows("SELECT payload FROM parked_event WHERE id = $1", id)).singleElement()
                .satisfies(row -> assertThat(row.getString("payload")).contains("\\u0000 " + marker));

        String keyed = "long-key-" + UUID.randomUUID();
        try {
            io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(
                    () -> parking.park("metered-usage", "e".repeat(256), "{\"" + keyed + "\"}", "not applied"));
        } catch (Throwable e) {
            throw new AssertionError("parking failed", e);
        }
        assertThat(Db.rows("SELECT message_key FROM parked_event WHERE id = $1", parkedWith(keyed))).singleElement()
                .satisfies(row -> assertThat(row.getString("message_key")).hasSizeLessThanOrEqualTo(200).startsWith("eeee")
                        .contains("256 characters"));
    }

    @Test
    void whatReachedTheDeadLetterTopicIsParkedAndAReplayRecordsIt() {
        String operator = Usage.newOperator();
        String node = "node-dlq-" + operator.substring(8);
        Usage.register(node, operator);
        Usage.configure(node, operator, "{\"allow_metered_for_hive\": true}");
        String authorization = Usage.authorize(node, operator, "hive", "2.50");
        String usageId = "k-dlq-" + UUID.randomUUID();
        String event = MeteredUsageConsumerTest.event(usageId, node, operator, "2.50", authorization);
        ProducerRecord<String, String> record = new ProducerRecord<>("metered.usage.dead-letter", node, event);
        record.headers().add("dead-letter-reason", "database unavailable".getBytes(StandardCharsets.UTF_8));
        KafkaSender.publish(List.of(record));
        await().atMost(Duration.ofSeconds(40)).until(() -> parkedWith(usageId) > 0);
        long id = parkedWith(usageId);
        assertThat(Db.row("SELECT reason FROM parked_event WHERE id = $1", id).getString("reason"))
                .isEqualTo("dead-lettered: database unavailable");
        assertThat(Db.rows("SELECT 1 FROM metered_usage WHERE usage_id = $1", usageId)).isEmpty();

        given().auth().oauth2(admin()).when().post("/api/admin/parked-events/" + id + "/replay")
                .then().statusCode(200).body("status", equalTo("replayed"));
        assertThat(Db.row("SELECT settlement_status, payable_usd FROM metered_usage WHERE usage_id = $1", usageId))
                .satisfies(row -> {
                    assertThat(row.getString("settlement_status")).isEqualTo("pending");
                    assertThat(row.getBigDecimal("payable_usd")).isEqualByComparingTo("2.50");
                });
        // Replayed once only.
        given().auth().oauth2(admin()).when().post("/api/admin/parked-events/" + id + "/replay")
                .then().statusCode(409).body("code", equalTo("already_replayed"));
        given().auth().oauth2(admin()).when().post("/api/admin/parked-events/999999999/replay")
                .then().statusCode(404);
    }
}
