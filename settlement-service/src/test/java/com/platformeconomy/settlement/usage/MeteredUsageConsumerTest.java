package com.platformeconomy.settlement.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.platformeconomy.contracts.event.CloudEvent;
import com.platformeconomy.contracts.event.EventCodec;
import com.platformeconomy.contracts.event.MeteredUsageReported;
import com.platformeconomy.contracts.event.Topics;
import com.platformeconomy.settlement.Db;
import com.platformeconomy.settlement.Usage;
import com.platformeconomy.stack.LocalStackResource;
import com.platformeconomy.testkit.kafka.KafkaSender;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class MeteredUsageConsumerTest {

    private static String event(String usageId, String node, String operator, String usd) {
        return event(usageId, node, operator, usd, null);
    }

    static String event(String usageId, String node, String operator, String usd, String authorization) {
        return EventCodec.encode(CloudEvent.of("evt-" + UUID.randomUUID(), MeteredUsageReported.TYPE, "node-agent", node,
                Instant.now(), new MeteredUsageReported(usageId, node, operator, "claude-3", "hive", 800, 200,
                        new BigDecimal(usd), authorization == null ? null : UUID.fromString(authorization))));
    }

    @Test
    void eachEventSentThreeTimesIsRecordedOnceAndBadEventsAreParked() {
        String operator = Usage.newOperator();
        String node = "node-k-" + operator.substring(8);
        List<String> usageIds = List.of("k-" + UUID.randomUUID(), "k-" + UUID.randomUUID(), "k-" + UUID.randomUUID());
        String reused = usageIds.get(0);
        List<String> costs = List.of("0.004", "1.23", "0.019");
        Usage.register(node, operator);
        Usage.configure(node, operator, "{\"allow_metered_for_hive\": true}");
        List<String> authorizations = costs.stream().map(cost -> Usage.authorize(node, operator, "hive", Usage.estimateFor(cost))).toList();

        List<String> stream = new ArrayList<>();
        String badId = "k-bad-" + UUID.randomUUID();
        stream.add("not json at all");
        stream.add("{\"id\":\"e1\",\"type\":\"something.else\",\"source\":\"x\",\"data\":{}}");
        stream.add(event(badId, node, operator, "0.5").replace("\"tokens_in\":800", "\"tokens_in\":8.5"));
        stream.add(event(badId, node, operator, "0.5").replace("\"task_source\":\"hive\"", "\"task_source\":\"mine\""));
        stream.add(event(badId, node, operator, "-0.5"));
        stream.add(event(badId, node, operator, "20000"));
        stream.add(event(badId, "bad node!", operator, "0.5"));
        // Well formed, but not from metered.usage's owner (node-agent, SPEC §10): refused.
        String forgedId = "k-forged-" + UUID.randomUUID();
        stream.add(event(forgedId, node, operator, "0.5").replace("\"node-agent\"", "\"/settlement-service\""));
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < usageIds.size(); i++) {
                stream.add(event(usageIds.get(i), node, operator, costs.get(i), authorizations.get(i)));
            }
        }
        // The same usage id with another cost is refused, not an overwrite.
        stream.add(event(reused, node, operator, "9.99", authorizations.get(0)));
        KafkaSender.publish(Topics.METERED_USAGE, node, stream);

        await().atMost(Duration.ofSeconds(30)).until(() ->
                Db.rows("SELECT 1 FROM metered_usage WHERE node_id = $1", node).size() == usageIds.size());
        // Let any redelivered or late duplicate show itself before concluding there is none.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() ->
                Db.rows("SELECT 1 FROM metered_usage WHERE node_id = $1", node).size() == usageIds.size());

        for (int i = 0; i < usageIds.size(); i++) {
            assertThat(Db.row("SELECT actual_usd_cost, operator_id, task_source, settlement_status FROM metered_usage"
                    + " WHERE usage_id = $1", usageIds.get(i))).satisfies(row -> {
                        assertThat(row.getString("operator_id")).isEqualTo(operator);
                        assertThat(row.getString("task_source")).isEqualTo("hive");
                        assertThat(row.getString("settlement_status")).isEqualTo("pending");
                    });
        }
        assertThat(Db.row("SELECT actual_usd_cost FROM metered_usage WHERE usage_id = $1", reused)
                .getBigDecimal("actual_usd_cost")).isEqualByComparingTo("0.004");
        assertThat(Db.rows("SELECT 1 FROM metered_usage WHERE usage_id = $1", badId)).isEmpty();
        // Nothing dropped silently: each bad event, and the reused id, is parked with its reason.
        await().atMost(Duration.ofSeconds(10)).until(() ->
                Db.rows("SELECT 1 FROM parked_event WHERE payload LIKE $1", "%" + badId + "%").size() == 5);
        assertThat(Db.row("SELECT reason FROM parked_event WHERE payload LIKE $1 AND payload LIKE '%9.99%'", "%" + reused + "%")
                .getString("reason")).startsWith("refused (usage_id_reused)");
        assertThat(Db.rows("SELECT 1 FROM metered_usage WHERE usage_id = $1", forgedId)).isEmpty();
        assertThat(Db.row("SELECT reason FROM parked_event WHERE payload LIKE $1", "%" + forgedId + "%").getString("reason"))
                .isEqualTo("refused: source /settlement-service is not /node-agent, the owner of metered.usage");

        // The consumer is still running after all of that.
        String later = "k-" + UUID.randomUUID();
        KafkaSender.publish(Topics.METERED_USAGE, node, List.of(event(later, node, operator, "0.10")));
        await().atMost(Duration.ofSeconds(30)).until(() -> !Db.rows("SELECT 1 FROM metered_usage WHERE usage_id = $1", later).isEmpty());
    }
}
