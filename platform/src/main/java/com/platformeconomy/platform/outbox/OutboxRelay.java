package com.platformeconomy.platform.outbox;

import com.platformeconomy.platform.kafka.KafkaSecurity;
import com.platformeconomy.platform.relay.PollBackoff;
import com.platformeconomy.platform.relay.PollTimer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.atomic.AtomicBoolean;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Publishes the outbox to Kafka: one relay of the database at a time ({@link #RELAY_LOCK}, so that
 * the events of one key reach Kafka in the order they were written, whichever replica relays), it
 * locks a batch of unpublished rows in id order, sends them with
 * {@code acks=all}, and marks them published only after Kafka acknowledged every one. A crash
 * between the send and the mark publishes the batch again after restart: delivery is at least
 * once, and every consumer deduplicates on the event id (SPEC §8).
 *
 * <p>It polls on a Vert.x timer ({@link PollTimer}) that re-arms itself after each round, so one
 * round runs at a time, and the wait adapts ({@link PollBackoff}): after a round that published something the next comes
 * after {@code pes.outbox.poll-interval-ms} (100 ms); after an empty one the wait doubles, up to
 * {@code pes.outbox.idle-poll-interval-ms} (5 s), so an idle service runs one short transaction
 * every five seconds instead of ten a second (one a second cost an idle service ~0.35 % of a core,
 * issue #18). {@link Outbox#add} calls {@link #wake()} after it wrote a row: the wait goes
 * back to the minimum, and a long idle wait being slept is cut short to it. The row becomes visible
 * only at its transaction's commit, so the early poll may miss it; the polls that follow (100, 200,
 * 400 ms…) find it. A row written by another replica or process wakes nothing here and waits at most
 * the idle ceiling.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    /**
     * One relay of a database at a time ("PESOUTBX"): with several replicas sharing rows by SKIP LOCKED,
     * one whose send failed (rolled back) published its rows after another replica had published
     * newer rows of the same key, so a compacted topic (app.catalog) kept the older version, and a
     * catalog read again from it billed an app since suspended. Replicas that find the lock taken
     * publish nothing this round.
     */
    public static final long RELAY_LOCK = 0x5045534F55544258L;
    private static final String TRY_LOCK = "SELECT pg_try_advisory_xact_lock($1) AS mine";
    private static final String LOCK_BATCH = """
            SELECT id, topic, message_key, payload FROM outbox
            WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE""";
    private static final String MARK = "UPDATE outbox SET published_at = now() WHERE id = ANY($1)";

    private final Pool pool;
    private final String bootstrapServers;
    private final boolean enabled;
    private final PollBackoff backoff;
    private final int batchSize;
    private final AtomicBoolean running = new AtomicBoolean();
    private final Counter published;
    private volatile KafkaProducer<String, String> producer;
    /** Set at start when the relay is enabled. */
    private volatile PollTimer timer;

    public OutboxRelay(Pool pool,
                       @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                       @ConfigProperty(name = "pes.outbox.relay-enabled", defaultValue = "true") boolean enabled,
                       @ConfigProperty(name = "pes.outbox.poll-interval-ms", defaultValue = "100") long intervalMillis,
                       @ConfigProperty(name = "pes.outbox.idle-poll-interval-ms", defaultValue = "5000") long idleIntervalMillis,
                       @ConfigProperty(name = "pes.outbox.batch-size", defaultValue = "500") int batchSize,
                       MeterRegistry registry) {
        this.pool = pool;
        this.bootstrapServers = bootstrapServers;
        this.enabled = enabled;
        this.backoff = new PollBackoff(intervalMillis, Math.max(intervalMillis, idleIntervalMillis));
        this.batchSize = batchSize;
        this.published = Counter.builder("outbox.events.published")
                .description("events the outbox relay published to Kafka").register(registry);
    }

    // A Vert.x timer rather than @Scheduled: events should leave within ~100 ms, below the scheduler's 1 s floor.
    void start(@Observes StartupEvent started, Vertx vertx) {
        if (enabled) {
            timer = new PollTimer(vertx, backoff, this::relay);
            timer.start();
        }
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (timer != null) {
            timer.stop(); // a round still running arms no timer when it ends
        }
    }

    /**
     * An event was just queued in this JVM: poll at the minimum interval again (see the class
     * Javadoc). Cheap enough for every write: one volatile read once the relay has been woken since
     * its last poll; a timer is re-armed only when the relay was sleeping a longer wait.
     */
    public void wake() {
        PollTimer started = timer;
        if (started != null) {
            started.wake();
        }
    }

    private void relay() {
        if (!running.compareAndSet(false, true)) {
            return; // the previous round is still publishing; its end arms the next timer
        }
        // Deferred: even a failure thrown while assembling the round ends in the failure branch, which re-arms the timer.
        Uni.createFrom().deferred(this::publishPending).subscribe().with(
                count -> {
                    running.set(false);
                    timer.afterRound(count > 0);
                },
                failure -> {
                    running.set(false);
                    LOG.warnf("outbox relay will retry: %s", failure.getMessage());
                    timer.afterRound(false); // a failing database is polled less often too, up to the idle ceiling
                });
    }

    /** Publishes everything unpublished now; the number of events published. */
    public Uni<Integer> publishPending() {
        return publishBatch().chain(count -> count < batchSize
                ? Uni.createFrom().item(count)
                : publishPending().map(rest -> rest + count));
    }

    private Uni<Integer> publishBatch() {
        return pool.withTransaction(connection -> connection.preparedQuery(TRY_LOCK).execute(Tuple.of(RELAY_LOCK))
                .chain(lock -> !lock.iterator().next().getBoolean("mine") ? Uni.createFrom().item(0)
                        : connection.preparedQuery(LOCK_BATCH).execute(Tuple.of(batchSize)).chain(rows -> {
                    List<Long> ids = new ArrayList<>();
                    List<CompletableFuture<?>> acks = new ArrayList<>();
                    for (Row row : rows) {
                        ids.add(row.getLong("id"));
                        acks.add(send(row.getString("topic"), row.getString("message_key"), row.getString("payload")));
                    }
                    if (ids.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    return Uni.createFrom().completionStage(CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)))
                            .chain(() -> mark(connection, ids))
                            .invoke(() -> published.increment(ids.size()))
                            .replaceWith(ids.size());
                })));
    }

    private static Uni<Void> mark(SqlConnection connection, List<Long> ids) {
        return connection.preparedQuery(MARK).execute(Tuple.of(ids.toArray(Long[]::new))).replaceWithVoid();
    }

    private CompletableFuture<Void> send(String topic, String key, String payload) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        producer().send(new ProducerRecord<>(topic, key, payload), (metadata, failure) -> {
            if (failure != null) {
                acked.completeExceptionally(failure);
            } else {
                acked.complete(null);
            }
        });
        return acked;
    }

    private KafkaProducer<String, String> producer() {
        if (producer == null) {
            synchronized (this) {
                if (producer == null) {
                    Map<String, Object> settings = new java.util.HashMap<>(KafkaSecurity.settings());
                    settings.putAll(Map.of(
                            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                            ProducerConfig.ACKS_CONFIG, "all",
                            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                            ProducerConfig.LINGER_MS_CONFIG, 5,
                            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000,
                            ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000));
                    // Authenticated as this service (KafkaSecurity): the broker lets it write the topics it owns, no others.
                    producer = new KafkaProducer<>(settings,
                            new StringSerializer(), new StringSerializer());
                }
            }
        }
        return producer;
    }

    @PreDestroy
    void close() {
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(5));
        }
    }
}
