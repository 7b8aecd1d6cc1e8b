package com.platformeconomy.wallet.relay;

import com.platformeconomy.contracts.event.CloudEvent;
import com.platformeconomy.contracts.event.EventCodec;
import com.platformeconomy.contracts.event.Topics;
import com.platformeconomy.stack.KafkaClients;
import com.platformeconomy.testkit.kafka.KafkaSender;
import com.platformeconomy.wallet.redis.Keys;
import com.platformeconomy.wallet.stream.BillingStream;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Drives the relay the way wallet-service's Lua scripts will: one atomic script that numbers the
 * movement, moves the balances, registers the accounts and appends the entry in the
 * {@code BillingStream} format. Also reads {@code billing.events} and {@code token_ledger} back.
 */
@ApplicationScoped
public class BillingFixture {

    /**
     * KEYS: seq, accounts, stream, wallet(from), wallet(to). ARGV: amount, from, to, append (1|0, or the
     * relay's group: appended and read at once, in one script, by a relay that then stalls), then the
     * entry's fields (seq added here).
     */
    private static final String MOVE = """
            local amount = tonumber(ARGV[1])
            local seq = 0
            if amount > 0 then
              seq = redis.call('INCR', KEYS[1])
              redis.call('HINCRBY', KEYS[4], 'balance', -amount)
              redis.call('HINCRBY', KEYS[5], 'balance', amount)
              redis.call('SADD', KEYS[2], ARGV[2], ARGV[3])
            end
            if ARGV[4] ~= '0' then
              local fields = {'seq', tostring(seq)}
              for i = 5, #ARGV do fields[#fields + 1] = ARGV[i] end
              redis.call('XADD', KEYS[3], '*', unpack(fields))
              if ARGV[4] ~= '1' then
                redis.call('XREADGROUP', 'GROUP', ARGV[4], 'a-stalled-relay', 'COUNT', '100', 'STREAMS', KEYS[3], '>')
              end
            end
            return seq
            """;

    /** A movement written to the stream: its event id and seq (0 when nothing moved). */
    public record Moved(String eventId, long seq, String from, String to, long amount, String subject) {
    }

    private final RedisDataSource redis;
    private final Pool pool;

    /** {@code redis} signs in as the stack's admin: fixtures write what wallet-service's ACL user may not (DEL, XRANGE…). */
    private final Keys keys;

    private final RelayConfig relay;

    public BillingFixture(Keys keys, @RedisClientName("admin") RedisDataSource redis, Pool pool, RelayConfig relay) {
        this.keys = keys;
        this.relay = relay;
        this.redis = redis;
        this.pool = pool;
    }

    public static String account(String kind) {
        return kind + ":" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static String bootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    public RedisDataSource redis() {
        return redis;
    }

    /** A credit, debit or hold capture of {@code amount} from one account to another. */
    public Moved transfer(String kind, String from, String to, long amount) {
        String eventId = "evt-" + UUID.randomUUID();
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put("type", kind);
        entry.put("event_id", eventId);
        entry.put("from", from);
        entry.put("to", to);
        entry.put("amount", Long.toString(amount));
        entry.put("subject", "credit".equals(kind) ? to : from);
        entry.put("category", "debit".equals(kind) ? "api_usage" : "other");
        entry.put("reason", "test");
        entry.put("time", Long.toString(System.currentTimeMillis()));
        return move(entry, "1");
    }

    /** A user's paid call to an app: {@code total} from the user to platform:revenue. */
    public Moved charge(String user, long total) {
        return move(chargeEntry(user, total), "1");
    }

    /**
     * A charge appended to the stream and read there, with every entry not yet delivered, by a relay
     * replica that then stalls (pending in the relay's group, not acknowledged): a live relay claims
     * them once they have been idle for {@code wallet.relay.claim-min-idle}.
     */
    public Moved chargeReadByAStalledRelay(String user, long total) {
        return move(chargeEntry(user, total), relay.group());
    }

    /**
     * A charge applied in Redis but not appended to the stream: its billing event, for a test to
     * publish to Kafka itself (Redis and the ledger stay consistent once it is booked).
     */
    public String unrelayedCharge(String user, long total) {
        Map<String, String> entry = chargeEntry(user, total);
        Moved moved = move(entry, "0");
        entry.put("seq", Long.toString(moved.seq()));
        return EventCodec.encode(BillingStream.toEvent(entry));
    }

    private Map<String, String> chargeEntry(String user, long total) {
        String eventId = "chg-" + UUID.randomUUID();
        long developerShare = total * 70 / 100;
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put("type", "charge");
        entry.put("event_id", eventId);
        entry.put("from", user);
        entry.put("to", "platform:revenue");
        entry.put("amount", Long.toString(total));
        entry.put("subject", user);
        entry.put("category", "app_action");
        entry.put("reason", "tool call");
        entry.put("time", Long.toString(System.currentTimeMillis()));
        entry.put("app_id", "app-weather");
        entry.put("developer_id", "dev:acme");
        entry.put("tool_name", "forecast");
        entry.put("byollm", "0");
        entry.put("developer_share", Long.toString(developerShare));
        entry.put("platform_share", Long.toString(total - developerShare));
        return entry;
    }

    private Moved move(Map<String, String> entry, String append) {
        String eventId = entry.get("event_id");
        String from = entry.get("from");
        String to = entry.get("to");
        long amount = Long.parseLong(entry.get("amount"));
        List<String> command = new ArrayList<>(List.of(MOVE, "5", keys.bucket(0).seq(), keys.bucket(0).accounts(), keys.bucket(0).billingStream(),
                keys.bucket(0).wallet(from), keys.bucket(0).wallet(to), Long.toString(amount), from, to, append));
        entry.forEach((field, value) -> {
            command.add(field);
            command.add(value);
        });
        long seq = redis.execute("EVAL", command.toArray(String[]::new)).toLong();
        return new Moved(eventId, seq, from, to, amount, entry.get("subject"));
    }

    public long balance(String account) {
        String balance = redis.hash(String.class).hget(keys.bucket(0).wallet(account), "balance");
        return balance == null ? 0 : Long.parseLong(balance);
    }

    /** Ledger rows of these events: event id → rows (account, amount). */
    public Map<String, List<Map.Entry<String, Long>>> ledgerRows(Set<String> eventIds) {
        Map<String, List<Map.Entry<String, Long>>> rows = new HashMap<>();
        for (Row row : pool.preparedQuery("SELECT event_id, account, amount FROM token_ledger WHERE event_id = ANY($1)")
                .execute(Tuple.of(eventIds.toArray(String[]::new))).await().atMost(Duration.ofSeconds(10))) {
            rows.computeIfAbsent(row.getString("event_id"), id -> new ArrayList<>())
                    .add(Map.entry(row.getString("account"), row.getLong("amount")));
        }
        return rows;
    }

    public long ledgerRowCount(Set<String> eventIds) {
        return ledgerRows(eventIds).values().stream().mapToLong(List::size).sum();
    }

    public long ledgerBalance(String account) {
        return pool.preparedQuery("SELECT coalesce(sum(amount), 0)::bigint AS b FROM token_ledger WHERE account = $1")
                .execute(Tuple.of(account)).await().atMost(Duration.ofSeconds(10)).iterator().next().getLong("b");
    }

    /** A consumer of billing.events from the beginning, in a group of its own. */
    public static KafkaConsumer<String, String> billingReader() {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(KafkaClients.adminWith(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(Topics.BILLING_EVENTS));
        return consumer;
    }

    /**
     * Reads billing.events until every one of {@code eventIds} was seen, then for {@code settle}
     * longer (a duplicate would show up then); the records of those events, by event id.
     */
    public static Map<String, List<ConsumerRecord<String, String>>> readUntilAll(Set<String> eventIds, Duration atMost,
                                                                                 Duration settle) {
        Map<String, List<ConsumerRecord<String, String>>> seen = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = billingReader()) {
            Instant deadline = Instant.now().plus(atMost);
            Instant settled = null;
            while (Instant.now().isBefore(deadline) && (settled == null || Instant.now().isBefore(settled))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    String id = idOf(record.value());
                    if (id != null && eventIds.contains(id)) {
                        seen.computeIfAbsent(id, x -> new ArrayList<>()).add(record);
                    }
                }
                if (settled == null && seen.keySet().containsAll(eventIds)) {
                    settled = Instant.now().plus(settle);
                }
            }
        }
        return seen;
    }

    private static String idOf(String json) {
        try {
            CloudEvent<?> event = EventCodec.decode(json);
            return event.id();
        } catch (RuntimeException notAnEvent) {
            return null;
        }
    }

    /** Publishes raw records to billing.events and waits for Kafka's acknowledgement. */
    public static void publish(List<ProducerRecord<String, String>> records) {
        KafkaSender.publish(records);
    }

    /** True once the ledger's consumer group has committed every record now on billing.events. */
    public static boolean ledgerConsumedEverything() {
        try (Admin admin = Admin.create(KafkaClients.admin())) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("wallet-ledger")
                    .partitionsToOffsetAndMetadata().get();
            Set<TopicPartition> partitions = admin.describeTopics(List.of(Topics.BILLING_EVENTS)).allTopicNames().get()
                    .get(Topics.BILLING_EVENTS).partitions().stream()
                    .map(p -> new TopicPartition(Topics.BILLING_EVENTS, p.partition())).collect(Collectors.toSet());
            Map<TopicPartition, OffsetSpec> latest = partitions.stream()
                    .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get();
            for (TopicPartition partition : partitions) {
                long end = ends.get(partition).offset();
                OffsetAndMetadata done = committed.get(partition);
                if (end > 0 && (done == null || done.offset() < end)) {
                    return false;
                }
            }
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
