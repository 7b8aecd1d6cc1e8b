package com.platformeconomy.wallet.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.platformeconomy.contracts.event.ChargeRecorded;
import com.platformeconomy.contracts.event.CloudEvent;
import com.platformeconomy.contracts.event.EventCodec;
import com.platformeconomy.contracts.event.TokensTransferred;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.impl.types.BulkType;
import io.vertx.redis.client.impl.types.MultiType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The relay reads entries straight from Redis' reply; held here to the format's fields on entries as
 * the scripts write them, in any field order, with fields the format does not name, and with text
 * outside ASCII, built as the Redis client builds a reply.
 */
class BillingStreamTest {

    private static final String[] TYPES = {"charge", "credit", "debit", "hold_capture"};

    @Test
    void anEntryReadFromTheReplyIsTheEventItsFieldsSay() {
        Random random = new Random(20261206);
        List<Map<String, String>> written = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            written.add(entry(random, i));
        }
        List<BillingStream.Entry> read = BillingStream.entries(reply(written));

        assertThat(read).hasSize(written.size());
        for (int i = 0; i < written.size(); i++) {
            Map<String, String> fields = written.get(i);
            BillingStream.Entry entry = read.get(i);
            assertThat(entry.id()).isEqualTo("1733500000000-" + i);
            assertThat(entry.asMap()).isEqualTo(fields);
            CloudEvent<?> event = BillingStream.toEvent(entry);
            assertThat(EventCodec.encode(event)).isEqualTo(EventCodec.encode(BillingStream.toEvent(fields)));
            assertThat(event.id()).isEqualTo(fields.get("event_id"));
            assertThat(event.subject()).isEqualTo(fields.get("subject"));
            assertThat(event.time().toEpochMilli()).isEqualTo(Long.parseLong(fields.get("time")));
            assertThat(event.traceparent()).isEqualTo(fields.get("traceparent"));
            if ("charge".equals(fields.get("type"))) {
                ChargeRecorded charge = (ChargeRecorded) event.data();
                assertThat(charge).isEqualTo(new ChargeRecorded(fields.get("from"), fields.get("app_id"),
                        fields.get("developer_id"), fields.get("tool_name"), "1".equals(fields.get("byollm")),
                        Long.parseLong(fields.get("amount")), Long.parseLong(fields.get("developer_share")),
                        Long.parseLong(fields.get("platform_share")), fields.get("to"), Long.parseLong(fields.get("seq"))));
            } else {
                TokensTransferred moved = (TokensTransferred) event.data();
                assertThat(moved).isEqualTo(new TokensTransferred(fields.get("type"), fields.get("from"), fields.get("to"),
                        Long.parseLong(fields.get("amount")), fields.get("category"), fields.get("reason"),
                        Long.parseLong(fields.get("seq"))));
            }
        }
    }

    @Test
    void aFieldNamedTwiceCountsWithItsLastValueAsInAMap() {
        MultiType pairs = MultiType.create(4, false);
        for (String text : List.of("amount", "5", "amount", "7")) {
            pairs.add(bulk(text));
        }
        MultiType list = MultiType.create(1, false);
        list.add(entry("1-1", pairs));
        BillingStream.Entry entry = BillingStream.entries(list).get(0);
        assertThat(entry.asMap()).containsExactly(Map.entry("amount", "7"));

        // In an event too: the debit's amount is the last one given.
        BillingStream.Entry debit = new BillingStream.Entry("1-2", new String[] {"type", "debit", "event_id", "evt-1",
                "seq", "3", "from", "user:a", "to", "platform:revenue", "amount", "5", "subject", "user:a",
                "category", "api_usage", "reason", "r", "time", "1732435200000", "amount", "7"});
        assertThat(((TokensTransferred) BillingStream.toEvent(debit).data()).amount()).isEqualTo(7);
    }

    @Test
    void theIdsRedis7NamesAsDeletedWhilePendingAreEntriesWithoutFields() {
        MultiType claim = MultiType.create(3, false);
        claim.add(bulk("0-0"));
        claim.add(MultiType.create(0, false));
        MultiType deleted = MultiType.create(2, false);
        deleted.add(bulk("5-1"));
        deleted.add(bulk("5-2"));
        claim.add(deleted);
        assertThat(BillingStream.deletedWhilePending(claim)).extracting(BillingStream.Entry::id).containsExactly("5-1", "5-2");
        assertThat(BillingStream.deletedWhilePending(claim)).allSatisfy(entry -> assertThat(entry.fields()).isNull());

        MultiType onRedis62 = MultiType.create(2, false);
        onRedis62.add(bulk("0-0"));
        onRedis62.add(MultiType.create(0, false));
        assertThat(BillingStream.deletedWhilePending(onRedis62)).isEmpty();
        assertThat(BillingStream.deletedWhilePending(null)).isEmpty();
    }

    @Test
    void anEntryWithoutFieldsIsNoEventAndANilEntryIsLeftOut() {
        MultiType list = MultiType.create(3, false);
        list.add(entry("1-1", null)); // XREADGROUP 0 on an entry deleted while pending
        list.add(null);               // XAUTOCLAIM on Redis 6.2 for one: no id to acknowledge
        MultiType pairs = MultiType.create(2, false);
        pairs.add(bulk("type"));
        pairs.add(bulk("debit"));
        list.add(entry("1-2", pairs)); // fields, but not an event's

        List<BillingStream.Entry> read = BillingStream.entries(list);
        assertThat(read).extracting(BillingStream.Entry::id).containsExactly("1-1", "1-2");
        assertThat(read.get(0).asMap()).isEmpty();
        assertThatThrownBy(() -> BillingStream.toEvent(read.get(0))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BillingStream.toEvent(read.get(1))).isInstanceOf(RuntimeException.class);
        assertThat(BillingStream.entries(null)).isEmpty();
    }

    private static Map<String, String> entry(Random random, int i) {
        String type = TYPES[random.nextInt(TYPES.length)];
        Map<String, String> fields = new LinkedHashMap<>();
        long amount = random.nextInt(1_000_000);
        fields.put("type", type);
        fields.put("event_id", (type.equals("charge") ? "chg-" : "evt-") + i + text(random));
        fields.put("seq", Long.toString(random.nextInt(3) == 0 ? 0 : random.nextLong() & Long.MAX_VALUE));
        fields.put("from", "user:" + text(random));
        fields.put("to", "platform:revenue");
        fields.put("amount", Long.toString(amount));
        fields.put("subject", "user:" + text(random));
        fields.put("time", Long.toString(1_700_000_000_000L + random.nextInt(Integer.MAX_VALUE)));
        if (type.equals("charge")) {
            long developer = amount * 7 / 10;
            fields.put("app_id", "app-" + text(random));
            fields.put("developer_id", "dev:" + text(random));
            fields.put("tool_name", text(random));
            fields.put("byollm", random.nextBoolean() ? "1" : "0");
            fields.put("developer_share", Long.toString(developer));
            fields.put("platform_share", Long.toString(amount - developer));
        } else {
            fields.put("category", random.nextBoolean() ? "api_usage" : "other");
            fields.put("reason", text(random));
        }
        if (random.nextBoolean()) {
            fields.put("traceparent", "00-" + "a".repeat(32) + "-" + "b".repeat(16) + "-01");
        }
        if (random.nextInt(4) == 0) {
            fields.put("not_in_the_format", text(random));
        }
        List<Map.Entry<String, String>> shuffled = new ArrayList<>(fields.entrySet());
        Collections.shuffle(shuffled, random);
        Map<String, String> inRedisOrder = new LinkedHashMap<>();
        shuffled.forEach(field -> inRedisOrder.put(field.getKey(), field.getValue()));
        return inRedisOrder;
    }

    private static String text(Random random) {
        String[] pieces = {"a", "Z", "9", "-", "_", ":", "é", "ß", "中", "😀", " ", "\"", "\\", "\n"};
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(12); i >= 0; i--) {
            text.append(pieces[random.nextInt(pieces.length)]);
        }
        return text.toString();
    }

    /** An array of [id, [name, value, …]], as the client builds XREADGROUP's entries for one stream. */
    private static Response reply(List<Map<String, String>> entries) {
        MultiType list = MultiType.create(entries.size(), false);
        for (int i = 0; i < entries.size(); i++) {
            MultiType pairs = MultiType.create(entries.get(i).size() * 2L, false);
            entries.get(i).forEach((name, value) -> {
                pairs.add(bulk(name));
                pairs.add(bulk(value));
            });
            list.add(entry("1733500000000-" + i, pairs));
        }
        return list;
    }

    private static Response entry(String id, Response pairs) {
        MultiType entry = MultiType.create(2, false);
        entry.add(bulk(id));
        entry.add(pairs);
        return entry;
    }

    private static Response bulk(String text) {
        return BulkType.create(Buffer.buffer(text), false);
    }
}
