package com.platformeconomy.wallet.relay;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import com.fasterxml.jackson.databind.JsonNode;
import com.platformeconomy.contracts.event.ChargeRecorded;
import com.platformeconomy.contracts.event.CloudEvent;
import com.platformeconomy.contracts.event.EventCodec;
import com.platformeconomy.contracts.event.TokensTransferred;
import com.platformeconomy.stack.LocalStackResource;
import com.platformeconomy.wallet.redis.Keys;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class BillingRelayTest {

    private static final String GROUP = "wallet-relay";

    @Inject
    Keys keys;

    @Inject
    BillingFixture billing;

    @Inject
    com.platformeconomy.wallet.redis.LuaScripts scripts;

    /**
     * A relay's bound is stale after a failover to a replica that lacked the last writes and whose
     * clock is behind: the new master numbers new entries below ids the relay acknowledged on the old
     * one. Trimming below that bound took entries the group had never delivered (no one's pending
     * entries): movements answered 201 that would never reach Kafka, the ledger, earnings or revenue.
     * The trim (as wallet-service, under its ACL) keeps every entry the group has not delivered.
     */
    @Test
    void theTrimNeverTakesAnEntryTheGroupHasNotDeliveredWhateverTheRelaysBound() {
        String stream = keys.bucket(0).billingStream() + ":trim-test:" + java.util.UUID.randomUUID();
        var streams = billing.redis().stream(String.class);
        billing.redis().execute("XGROUP", "CREATE", stream, GROUP, "$", "MKSTREAM");
        String delivered = streams.xadd(stream, Map.of("n", "1"));
        String undelivered = streams.xadd(stream, Map.of("n", "2"));
        List<StreamMessage<String, String, String>> read = streams.xreadgroup(GROUP, "test-relay", stream, ">",
                new io.quarkus.redis.datasource.stream.XReadGroupArgs().count(1));
        assertThat(read).extracting(StreamMessage::id).containsExactly(delivered);
        streams.xack(stream, GROUP, delivered);
        String appendedAfter = streams.xadd(stream, Map.of("n", "3"));

        // A bound past every entry, as a relay holds it from the old master.
        var trimmed = scripts.run(com.platformeconomy.wallet.redis.LuaScripts.Script.TRIM_STREAM, List.of(stream),
                List.of(GROUP, "99999999999999-0")).await().atMost(Duration.ofSeconds(10));
        assertThat(trimmed.get(0).toLong()).isEqualTo(1);
        assertThat(streams.xrange(stream, StreamRange.of("-", "+"))).extracting(StreamMessage::id)
                .containsExactly(undelivered, appendedAfter);
        billing.redis().key().del(stream);
    }

    @Test
    void everyEntryReachesKafkaOnceTheLedgerOnceAndIsTrimmedAway() {
        String user = BillingFixture.account("user");
        List<BillingFixture.Moved> moved = new ArrayList<>();
        moved.add(billing.transfer("credit", "platform:treasury", user, 1_000));
        for (int i = 0; i < 20; i++) {
            moved.add(billing.charge(user, 7));
        }
        moved.add(billing.transfer("debit", user, "platform:revenue", 25));
        Set<String> ids = moved.stream().map(BillingFixture.Moved::eventId).collect(Collectors.toSet());

        Map<String, List<ConsumerRecord<String, String>>> seen =
                BillingFixture.readUntilAll(ids, Duration.ofSeconds(60), Duration.ofSeconds(2));
        assertThat(seen.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(seen.values()).allSatisfy(records -> assertThat(records).hasSize(1));

        for (BillingFixture.Moved m : moved) {
            ConsumerRecord<String, String> record = seen.get(m.eventId()).get(0);
            assertThat(record.key()).isEqualTo(m.subject());
            CloudEvent<JsonNode> event = EventCodec.decode(record.value());
            if (m.eventId().startsWith("chg-")) {
                assertThat(event.type()).isEqualTo(ChargeRecorded.TYPE);
                ChargeRecorded charge = EventCodec.data(event, ChargeRecorded.class);
                assertThat(charge.totalCost()).isEqualTo(7);
                assertThat(charge.developerShare() + charge.platformShare()).isEqualTo(7);
                assertThat(charge.seq()).isEqualTo(m.seq());
            } else {
                assertThat(event.type()).isEqualTo(TokensTransferred.TYPE);
                assertThat(EventCodec.data(event, TokensTransferred.class).amount()).isEqualTo(m.amount());
            }
        }

        // The ledger: two rows per movement, summing to zero, and the user's ledger balance is its Redis balance.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(billing.ledgerRowCount(ids)).isEqualTo(2L * ids.size()));
        assertThat(billing.ledgerRows(ids).values()).allSatisfy(rows -> {
            assertThat(rows).hasSize(2);
            assertThat(rows.stream().mapToLong(Map.Entry::getValue).sum()).isZero();
        });
        assertThat(billing.ledgerBalance(user)).isEqualTo(billing.balance(user)).isEqualTo(1_000 - 20 * 7 - 25);

        // Acknowledged and trimmed: nothing of ours is pending or left in the stream.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<StreamMessage<String, String, String>> left = billing.redis().stream(String.class)
                    .xrange(keys.bucket(0).billingStream(), StreamRange.of("-", "+"));
            assertThat(left).noneMatch(entry -> ids.contains(entry.payload().get("event_id")));
        });

        // What was published and what is left are visible to Prometheus.
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("wallet_relay_published_total"), containsString("wallet_relay_lag"),
                        containsString("wallet_ledger_rows_booked_total"));
    }

    @Test
    void entriesLeftPendingByADeadRelayAreClaimedAndPublishedOnce() {
        String user = BillingFixture.account("user");
        // Append and, in the same script, read them as another relay that then "dies": they are
        // pending for it, never acknowledged, and no other relay can read them with ">".
        List<String> ids = new ArrayList<>();
        // KEYS are only keys (on a Redis Cluster they must share the wallet's hash slot); the user is ARGV[1].
        String script = """
                for i = 2, #ARGV do
                  local seq = redis.call('INCR', KEYS[2])
                  redis.call('HINCRBY', KEYS[3], 'balance', -3)
                  redis.call('HINCRBY', KEYS[4], 'balance', 3)
                  redis.call('SADD', KEYS[5], ARGV[1], 'platform:revenue')
                  redis.call('XADD', KEYS[1], '*', 'type', 'debit', 'event_id', ARGV[i], 'seq', tostring(seq),
                    'from', ARGV[1], 'to', 'platform:revenue', 'amount', '3', 'subject', ARGV[1],
                    'category', 'api_usage', 'reason', 'claimed', 'time', '1732435200000')
                end
                redis.call('XREADGROUP', 'GROUP', 'wallet-relay', 'dead-relay', 'COUNT', '10000', 'STREAMS', KEYS[1], '>')
                return #ARGV - 1
                """;
        for (int i = 0; i < 5; i++) {
            ids.add("dead-" + java.util.UUID.randomUUID());
        }
        List<String> command = new ArrayList<>(List.of(script, "5", keys.bucket(0).billingStream(), keys.bucket(0).seq(),
                keys.bucket(0).wallet(user), keys.bucket(0).wallet("platform:revenue"), keys.bucket(0).accounts(), user));
        command.addAll(ids);
        billing.redis().execute("EVAL", command.toArray(String[]::new));

        assertThat(billing.redis().stream(String.class).xpending(keys.bucket(0).billingStream(), GROUP).getConsumers())
                .containsKey("dead-relay");

        Map<String, List<ConsumerRecord<String, String>>> seen =
                BillingFixture.readUntilAll(Set.copyOf(ids), Duration.ofSeconds(60), Duration.ofSeconds(2));
        assertThat(seen.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(seen.values()).allSatisfy(records -> assertThat(records).hasSize(1));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(billing.ledgerRowCount(Set.copyOf(ids))).isEqualTo(2L * ids.size());
            assertThat(billing.redis().stream(String.class).xpending(keys.bucket(0).billingStream(), GROUP).getConsumers()
                    .getOrDefault("dead-relay", 0L)).isZero();
        });
        assertThat(billing.ledgerBalance(user)).isEqualTo(billing.balance(user)).isEqualTo(-15);
        // Once it owns nothing and stays silent, the dead relay is dropped from the group.
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(billing.redis().execute("XINFO", "CONSUMERS", keys.bucket(0).billingStream(), GROUP).toString())
                        .doesNotContain("dead-relay"));
    }

    @Test
    void anEntryDeletedWhilePendingForADeadRelayIsSetAsideAndLeavesNothingPending() {
        String user = BillingFixture.account("user");
        String eventId = "deleted-" + java.util.UUID.randomUUID();
        // Appended, read by a relay that then "dies", and deleted by hand while pending: Redis 6.2's claim
        // answers nil for it, and the relay's own pending read gives its id without fields.
        String script = """
                local id = redis.call('XADD', KEYS[1], '*', 'type', 'debit', 'event_id', ARGV[1], 'seq', '0',
                  'from', ARGV[2], 'to', 'platform:revenue', 'amount', '0', 'subject', ARGV[2],
                  'category', 'api_usage', 'reason', 'deleted', 'time', '1732435200000')
                redis.call('XREADGROUP', 'GROUP', 'wallet-relay', 'dead-relay-2', 'COUNT', '10000', 'STREAMS', KEYS[1], '>')
                redis.call('XDEL', KEYS[1], id)
                return id
                """;
        String deleted = billing.redis().execute("EVAL", script, "1", keys.bucket(0).billingStream(), eventId, user).toString();
        BillingFixture.Moved after = billing.charge(user, 5);

        Map<String, List<ConsumerRecord<String, String>>> seen =
                BillingFixture.readUntilAll(Set.of(after.eventId()), Duration.ofSeconds(60), Duration.ofMillis(500));
        assertThat(seen.get(after.eventId())).hasSize(1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(billing.redis().stream(String.class).xrange(keys.bucket(0).rejectedStream(), StreamRange.of("-", "+")))
                    .anyMatch(entry -> deleted.equals(entry.payload().get("original_id")));
            // Nobody holds it any more: the stream can be trimmed past it.
            assertThat(billing.redis().execute("XPENDING", keys.bucket(0).billingStream(), GROUP, "-", "+", "10000").toString())
                    .doesNotContain(deleted);
        });
    }

    @Test
    void anEntryThatIsNotAnEventIsSetAsideAndDoesNotHoldUpTheStream() {
        String user = BillingFixture.account("user");
        String broken = billing.redis().stream(String.class).xadd(keys.bucket(0).billingStream(),
                Map.of("type", "debit", "event_id", "broken-" + user, "seq", "not-a-number"));
        BillingFixture.Moved after = billing.charge(user, 5);

        Map<String, List<ConsumerRecord<String, String>>> seen =
                BillingFixture.readUntilAll(Set.of(after.eventId()), Duration.ofSeconds(60), Duration.ofMillis(500));
        assertThat(seen.get(after.eventId())).hasSize(1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                billing.redis().stream(String.class).xrange(keys.bucket(0).rejectedStream(), StreamRange.of("-", "+")))
                .anyMatch(entry -> broken.equals(entry.payload().get("original_id"))));
        // Counted where an alert sees it (BillingEventsSetAside): what it moved is in no event.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                given().when().get("/q/metrics").then().statusCode(200).extract().asString())
                .containsPattern("(?m)^wallet_relay_set_aside(\\{[^}]*\\})? [1-9]"));
    }

    @Test
    void anEntryKafkaWillNeverTakeIsSetAsideAndDoesNotHoldUpTheStream() {
        String user = BillingFixture.account("user");
        // A free call (it moves nothing) whose event is larger than Kafka's largest request.
        String huge = billing.redis().stream(String.class).xadd(keys.bucket(0).billingStream(), Map.ofEntries(
                Map.entry("type", "charge"), Map.entry("event_id", "huge-" + user), Map.entry("seq", "0"),
                Map.entry("from", user), Map.entry("to", "platform:revenue"), Map.entry("amount", "0"),
                Map.entry("subject", user), Map.entry("time", Long.toString(System.currentTimeMillis())),
                Map.entry("app_id", "app-free"), Map.entry("developer_id", "dev:acme"),
                Map.entry("tool_name", "x".repeat(1_100_000)), Map.entry("byollm", "0"),
                Map.entry("developer_share", "0"), Map.entry("platform_share", "0")));
        BillingFixture.Moved after = billing.charge(user, 5);

        Map<String, List<ConsumerRecord<String, String>>> seen =
                BillingFixture.readUntilAll(Set.of(after.eventId()), Duration.ofSeconds(60), Duration.ofMillis(500));
        assertThat(seen.get(after.eventId())).hasSize(1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                billing.redis().stream(String.class).xrange(keys.bucket(0).rejectedStream(), StreamRange.of("-", "+")))
                .anyMatch(entry -> huge.equals(entry.payload().get("original_id"))));
    }
}
