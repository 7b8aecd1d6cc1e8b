package com.platformeconomy.wallet.relay;

import com.platformeconomy.contracts.event.CloudEvent;
import com.platformeconomy.contracts.event.EventCodec;
import com.platformeconomy.contracts.event.Topics;
import com.platformeconomy.platform.relay.PollBackoff;
import com.platformeconomy.platform.relay.PollTimer;
import com.platformeconomy.platform.tracing.Traceparents;
import com.platformeconomy.wallet.redis.Answered;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import com.platformeconomy.wallet.redis.Keys;
import com.platformeconomy.wallet.redis.WalletRedis;
import com.platformeconomy.wallet.stream.BillingStream;
import com.platformeconomy.wallet.stream.BillingStream.Entry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import com.platformeconomy.wallet.redis.LuaScripts;
import com.platformeconomy.wallet.redis.LuaScripts.Script;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.quarkus.redis.datasource.stream.ReactiveStreamCommands;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Publishes the Redis billing stream to Kafka {@code billing.events} (SPEC §3 "Relay").
 *
 * <p>Entries are read in a consumer group, a batch at a time, and acknowledged (XACK) only once
 * Kafka has acknowledged them ({@code acks=all}, idempotent producer): a crash anywhere leaves them
 * pending, and they are published again, by this relay on restart (it first re-reads its own pending
 * entries) or by another one that claims them once they have been idle for
 * {@code wallet.relay.claim-min-idle}. Delivery is therefore at least once; every consumer
 * deduplicates on the event id. The stream is trimmed behind what this relay acknowledged, never
 * past the oldest entry still pending nor past the group's last-delivered entry ({@code trim_stream.lua}).
 *
 * <p>One round runs at a time, driven by a Vert.x timer ({@link PollTimer}, shared with the outbox
 * relay) that each round re-arms when it ends (no
 * pooled connection is held by a blocking read). The wait adapts ({@link PollBackoff}): after a round
 * that relayed something the next poll comes after {@code wallet.relay.poll-interval} (50 ms); after an
 * empty one the wait doubles, up to {@code wallet.relay.idle-poll-interval} (5 s), so an idle stream
 * costs about one non-blocking XREADGROUP every five seconds. Writers wake the relay: every script that appends
 * to the stream runs through {@link LuaScripts}, which calls {@link RelayWakeUp} after it; the wait
 * goes back to the poll interval, and a long idle wait being slept is cut short to it. An entry that
 * woke nothing here (appended by another replica, or by hand) waits at most the idle ceiling. After a
 * failed round the next one waits the failure backoff instead (doubling up to 5 s), wake-ups or not.
 */
@ApplicationScoped
public class BillingRelay {

    private static final Logger LOG = Logger.getLogger(BillingRelay.class);

    private final ReactiveRedisDataSource redis;
    private final WalletRedis walletRedis;
    private final Answered answered;
    private final LuaScripts scripts;
    private final ReactiveStreamCommands<String, String, String> stream;
    private final RelayConfig config;
    private final String bootstrapServers;
    private final Vertx vertx;
    private final RelayWakeUp wakeUp;
    private final Counter published;
    private final Counter rejected;
    private final AtomicBoolean running = new AtomicBoolean();
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "billing-relay-sender");
        thread.setDaemon(true);
        return thread;
    });

    private volatile KafkaProducer<String, String> producer;
    private final PollTimer pollTimer;
    private long lagTimer = -1;

    /** Every bucket's billing stream (redis/Keys), each read in its own consumer group. */
    private final List<BucketStream> streams;

    public BillingRelay(Keys keys, WalletRedis walletRedis, LuaScripts scripts, RelayConfig config,
                        @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                        Vertx vertx, RelayWakeUp wakeUp, MeterRegistry registry, Answered answered) {
        this.answered = answered;
        this.streams = keys.all().stream().map(BucketStream::new).toList();
        // The data source of WalletRedis: on a cluster its stream commands reach the master RELAY_MARK's WAIT runs on.
        this.walletRedis = walletRedis;
        this.redis = walletRedis.dataSource();
        this.scripts = scripts;
        this.stream = redis.stream(String.class, String.class, String.class);
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.vertx = vertx;
        this.wakeUp = wakeUp;
        long pollMillis = config.pollInterval().toMillis();
        this.pollTimer = new PollTimer(vertx,
                new PollBackoff(pollMillis, Math.max(pollMillis, config.idlePollInterval().toMillis())), this::poll);
        this.published = Counter.builder("wallet.relay.published")
                .description("billing stream entries published to Kafka and acknowledged").register(registry);
        this.rejected = Counter.builder("wallet.relay.rejected")
                .description("billing stream entries that could not be turned into an event (set aside)").register(registry);
        Gauge.builder("wallet.relay.lag", this, BillingRelay::lag)
                .description("billing stream entries not yet published and acknowledged (stream length after trimming)")
                .register(registry);
        // Movements Redis made that no event carries: until a person books them, the ledger, earnings and
        // revenue miss them (k8s/README, runbook BillingEventsSetAside).
        Gauge.builder("wallet.relay.set_aside", this, BillingRelay::setAside)
                .description("billing stream entries set aside because they could not be published (billing:rejected), "
                        + "over every bucket, measured every wallet.relay.lag-interval")
                .register(registry);
    }

    void start(@Observes StartupEvent started) {
        if (!config.enabled()) {
            LOG.info("billing relay disabled (wallet.relay.enabled=false)");
            return;
        }
        pollTimer.start();
        wakeUp.listen(pollTimer::wake);
        lagTimer = vertx.setPeriodic(config.lagInterval().toMillis(), tick -> streams.forEach(BucketStream::refreshLag));
    }

    void stop(@Observes ShutdownEvent stopping) {
        pollTimer.stop(); // a round still running arms no timer when it ends
        if (lagTimer >= 0) {
            vertx.cancelTimer(lagTimer);
        }
        // A batch still in flight stays pending in Redis and is published again after restart.
        sender.execute(this::closeProducer);
        sender.shutdown();
        try {
            sender.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Entries set aside (the buckets' billing:rejected streams), as last measured. */
    public long setAside() {
        long sum = 0;
        for (BucketStream bucket : streams) {
            sum += bucket.setAside.get();
        }
        return sum;
    }

    /**
     * What of {@code bucket}'s stream no relay has yet put on Kafka, read now ({@code stream_relayed.lua}):
     * entries delivered to a relay replica and not acknowledged, and whether entries wait that the
     * group has not delivered. {@link Unpublished#none()}: every entry appended so far is on Kafka, or
     * set aside (billing:rejected: unreadable, for a person to book) and acknowledged.
     */
    public Uni<Unpublished> unpublished(Keys.Bucket bucket) {
        return scripts.run(Script.STREAM_RELAYED, List.of(bucket.billingStream()), List.of(config.group()))
                .map(reply -> new Unpublished(reply.get(0).toLong(), reply.get(1).toLong() > 0));
    }

    /** A stream's entries not yet on Kafka: read by a relay and not acknowledged; whether some are not yet read. */
    public record Unpublished(long pending, boolean unread) {
        public boolean none() {
            return pending == 0 && !unread;
        }
    }

    /** Entries set aside in every bucket's billing:rejected stream, read now. */
    public Uni<Long> setAsideNow() {
        return Multi.createFrom().iterable(streams).onItem()
                .transformToUniAndConcatenate(BucketStream::countSetAside)
                .collect().with(java.util.stream.Collectors.summingLong(Long::longValue));
    }

    /** Entries in the streams not yet published and acknowledged, as last measured. */
    public long lag() {
        long sum = 0;
        for (BucketStream bucket : streams) {
            sum += bucket.lag.get();
        }
        return sum;
    }

    private void poll() {
        if (!running.compareAndSet(false, true)) {
            return; // the previous round is still publishing; its end arms the next timer
        }
        Uni.createFrom().deferred(this::round).subscribe().with(
                relayed -> {
                    running.set(false);
                    pollTimer.afterRound(relayed > 0);
                },
                failure -> {
                    LOG.warnf("billing relay round failed: %s", failure.getMessage());
                    running.set(false);
                    pollTimer.schedule(config.idlePollInterval().toMillis());
                });
    }

    /**
     * One round over every bucket's stream, one after the other; a bucket whose last round failed is
     * skipped until its backoff has passed, so one unreachable Redis master stalls only its buckets.
     */
    Uni<Integer> round() {
        return Multi.createFrom().iterable(streams).onItem().transformToUniAndConcatenate(BucketStream::round)
                .collect().in(() -> new int[1], (sum, relayed) -> sum[0] += relayed)
                .map(sum -> sum[0]);
    }

    /** One bucket's billing stream and what this relay knows of it. */
    private final class BucketStream {

        private final Keys.Bucket bucket;
        private final AtomicLong lag = new AtomicLong();
        /** Entries in the bucket's set-aside stream (billing:rejected), as last measured. */
        private final AtomicLong setAside = new AtomicLong();
        private volatile boolean groupReady;
        /** True until this consumer's own pending entries (left by a failure or a previous run) are re-published. */
        private volatile boolean recovering = true;
        private volatile long nextClaimNanos = System.nanoTime();
        private volatile long retryAtNanos = System.nanoTime();
        private volatile long failures;
        /** The highest entry id this relay has acknowledged, as {ms, seq}; null before the first. */
        private volatile long[] highestAcked;

        BucketStream(Keys.Bucket bucket) {
            this.bucket = bucket;
        }

        /** Own pending entries first, then new ones, then (when due) entries of dead relays; then trim. 0 while backing off. */
        Uni<Integer> round() {
            if (retryAtNanos - System.nanoTime() > 0) {
                return Uni.createFrom().item(0); // backing off after a failure (a wake-up or another bucket brought this poll)
            }
            return ensureGroup()
                    .chain(() -> drain(0, 0))
                    .chain(relayed -> claimIfDue().map(claimed -> relayed + claimed))
                    .call(relayed -> relayed > 0 ? trim() : Uni.createFrom().voidItem())
                    .invoke(() -> failures = 0)
                    .onFailure().recoverWithItem(failure -> {
                        onFailure(failure);
                        return 0;
                    });
        }

        private Uni<Void> ensureGroup() {
            if (groupReady) {
                return Uni.createFrom().voidItem();
            }
            // From id 0: a stream written before the group existed is relayed in full.
            // XGROUP names its key after a subcommand, where the client finds no key to route by: the stream's named here.
            return answered.within(walletRedis.send(bucket.billingStream(), Request.cmd(Command.XGROUP).arg("CREATE")
                            .arg(bucket.billingStream()).arg(config.group()).arg("0").arg("MKSTREAM")).replaceWithVoid())
                    .onFailure(failure -> String.valueOf(failure.getMessage()).startsWith("BUSYGROUP")).recoverWithNull()
                    .invoke(() -> groupReady = true);
        }

        private Uni<Integer> drain(int batches, int relayed) {
            String from = recovering ? "0" : ">";
            // Sent as it is and read straight from Redis' reply (BillingStream.entries): no map per entry.
            String key = bucket.billingStream();
            return answered.within(walletRedis.send(key, Request.cmd(Command.XREADGROUP).arg("GROUP").arg(config.group())
                            .arg(config.consumer()).arg("COUNT").arg(config.batchSize()).arg("STREAMS").arg(key).arg(from)))
                    .map(BucketStream::entriesOfRead)
                    .chain(messages -> {
                        if (messages.isEmpty()) {
                            if (recovering) {
                                recovering = false; // own pending entries all done: now the new ones
                                return drain(batches, relayed);
                            }
                            return Uni.createFrom().item(relayed);
                        }
                        return publish(messages).chain(count -> messages.size() < config.batchSize()
                                || batches + 1 >= config.maxBatchesPerPoll()
                                ? Uni.createFrom().item(relayed + count)
                                : drain(batches + 1, relayed + count));
                    });
        }

        private Uni<Integer> claimIfDue() {
            if (System.nanoTime() - nextClaimNanos < 0) {
                return Uni.createFrom().item(0);
            }
            nextClaimNanos = System.nanoTime() + config.claimInterval().toNanos();
            return claimFrom("0-0", 0, 0).call(() -> scripts.run(Script.FORGET_DEAD_RELAYS, List.of(bucket.billingStream()),
                    List.of(config.group(), config.consumer(), Long.toString(config.claimMinIdle().toMillis()))));
        }

        /** XREADGROUP's reply for one stream (an array of [key, entries], or RESP3's map of key to entries); null: none. */
        private static List<Entry> entriesOfRead(io.vertx.mutiny.redis.client.Response reply) {
            if (reply == null) {
                return List.of();
            }
            List<Entry> entries = new ArrayList<>();
            for (io.vertx.redis.client.Response ofOneStream : reply.getDelegate()) {
                entries.addAll(BillingStream.entries(ofOneStream.get(1)));
            }
            return entries;
        }

        private Uni<Integer> claimFrom(String cursor, int claimedSoFar, int batches) {
            String key = bucket.billingStream();
            return answered.within(walletRedis.send(key, Request.cmd(Command.XAUTOCLAIM).arg(key).arg(config.group())
                            .arg(config.consumer()).arg(config.claimMinIdle().toMillis()).arg(cursor)
                            .arg("COUNT").arg(config.batchSize())))
                    .chain(reply -> {
                        // [the cursor for the next call, the entries claimed(, on Redis 7 the ids of deleted ones)]
                        io.vertx.redis.client.Response cursorOfNext = reply == null ? null : reply.getDelegate().get(0);
                        String next = cursorOfNext == null ? null : cursorOfNext.toString();
                        io.vertx.redis.client.Response claimedList = reply == null ? null : reply.getDelegate().get(1);
                        List<Entry> messages = BillingStream.entries(claimedList);
                        if (claimedList != null && claimedList.size() > messages.size()) {
                            // Redis 6.2 lists an entry deleted while pending as nil, and the claim made it this relay's:
                            // its own pending read (XREADGROUP 0) finds its id, sets it aside and acknowledges it.
                            recovering = true;
                        }
                        if (!messages.isEmpty()) {
                            LOG.infof("claimed %d billing entries left pending by a relay that stopped", messages.size());
                        }
                        // Redis 7 drops them from the group itself and names them apart: set aside here, as 6.2's are above.
                        List<Entry> deleted = BillingStream.deletedWhilePending(reply == null ? null : reply.getDelegate());
                        if (!deleted.isEmpty()) {
                            LOG.errorf("billing entries %s were deleted while pending, so no event carries them; setting them aside in %s",
                                    deleted.stream().map(Entry::id).toList(), bucket.rejectedStream());
                        }
                        Uni<Void> noting = deleted.isEmpty() ? Uni.createFrom().voidItem() : setAside(deleted);
                        Uni<Integer> publishing = noting.chain(() -> messages.isEmpty() ? Uni.createFrom().item(0) : publish(messages));
                        return publishing.chain(count -> {
                            if (next == null || "0-0".equals(next) || batches + 1 >= config.maxBatchesPerPoll()) {
                                return Uni.createFrom().item(claimedSoFar + count);
                            }
                            return claimFrom(next, claimedSoFar + count, batches + 1);
                        });
                    });
        }

        /**
         * Publishes {@code messages} and acknowledges in Redis every one Kafka acknowledged; fails
         * (leaving the rest pending, to be re-read) if any was not.
         */
        private Uni<Integer> publish(List<Entry> messages) {
            return heldByAReplica()
                    .chain(() -> Uni.createFrom().completionStage(() -> CompletableFuture.supplyAsync(() -> send(bucket, messages), sender)
                            .thenCompose(sending -> sending)))
                    .chain(outcome -> setAside(outcome.unreadable())
                            .chain(() -> acknowledge(outcome.acknowledged(), outcome.unreadable()))
                            .chain(() -> outcome.failure() == null
                                    ? Uni.createFrom().item(outcome.acknowledged().size())
                                    : Uni.createFrom().failure(outcome.failure())));
        }

        /**
         * Where replicas must hold every movement (wallet.redis.replica-acks), the relay publishes only what
         * one holds. A script's caller is answered after WAIT, but the relay reads the master and could see an
         * entry before any replica has it; if that master then died, the ledger, earnings and revenue would
         * book a movement Redis no longer has, and a credit retried after the failover would find it booked
         * and skip Redis. A mark written after the read, and WAIT on its connection (relay_mark.lua, through
         * LuaScripts): a replica holding the mark holds every entry read before it. Not confirmed in time:
         * the round fails as transient, the entries stay pending and are read again.
         */
        private Uni<Void> heldByAReplica() {
            if (!scripts.waitsForReplicas()) {
                return Uni.createFrom().voidItem();
            }
            return scripts.run(Script.RELAY_MARK, List.of(bucket.relayMark()), List.of(config.consumer())).replaceWithVoid();
        }

        private Uni<Void> setAside(List<Entry> unreadable) {
            if (unreadable.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            return Uni.join().all(unreadable.stream().map(message -> {
                        Map<String, String> kept = message.asMap();
                        kept.put("original_id", message.id());
                        return answered.within(stream.xadd(bucket.rejectedStream(), kept));
                    }).toList()).andFailFast()
                    .invoke(() -> rejected.increment(unreadable.size()))
                    .replaceWithVoid();
        }

        private Uni<Void> acknowledge(List<String> acknowledged, List<Entry> unreadable) {
            List<String> ids = new ArrayList<>(acknowledged);
            unreadable.forEach(message -> ids.add(message.id()));
            if (ids.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            return answered.within(stream.xack(bucket.billingStream(), config.group(), ids.toArray(String[]::new)))
                    .invoke(() -> {
                        published.increment(acknowledged.size());
                        ids.forEach(this::noteAcked);
                    })
                    .replaceWithVoid();
        }

        private void noteAcked(String id) {
            long[] parsed = parseId(id);
            long[] current = highestAcked;
            if (current == null || compare(parsed, current) > 0) {
                highestAcked = parsed;
            }
        }

        private Uni<Void> trim() {
            long[] acked = highestAcked;
            if (acked == null) {
                return Uni.createFrom().voidItem();
            }
            String bound = acked[0] + "-" + (acked[1] + 1);
            return scripts.run(Script.TRIM_STREAM, List.of(bucket.billingStream()), List.of(config.group(), bound))
                    .invoke(result -> lag.set(result.get(1).toLong()))
                    .replaceWithVoid();
        }

        private void refreshLag() {
            answered.within(stream.xlen(bucket.billingStream())).subscribe().with(lag::set, failure -> { });
            countSetAside().subscribe().with(count -> { }, failure -> { });
        }

        /** The entries in the bucket's set-aside stream, read now; the gauge's value too. */
        Uni<Long> countSetAside() {
            return answered.within(stream.xlen(bucket.rejectedStream())).invoke(setAside::set);
        }

        /** Notes a failed round; how long to wait before the next. */
        private long onFailure(Throwable failure) {
            String message = String.valueOf(failure.getMessage());
            if (message.startsWith("NOGROUP")) {
                // The stream or the group is gone (Redis lost its data): recreate it, forget what was acknowledged.
                groupReady = false;
                highestAcked = null;
            }
            recovering = true; // re-read our own pending entries before anything new
            long backoffMillis = Math.min(5_000, config.pollInterval().toMillis() << Math.min(failures++, 10));
            retryAtNanos = System.nanoTime() + Duration.ofMillis(backoffMillis).toNanos();
            LOG.warnf("billing relay round of bucket %d failed, retrying in %d ms: %s", bucket.index(), backoffMillis, message);
            sender.execute(BillingRelay.this::closeProducer); // a fresh producer after any failure: no poisoned state carries over
            return backoffMillis;
        }
    }

    private record Outcome(List<String> acknowledged, List<Entry> unreadable,
                           Throwable failure) {
    }

    /** On the sender thread: a send may block while the broker is unreachable (bounded by max.block.ms). */
    private CompletableFuture<Outcome> send(Keys.Bucket bucket, List<Entry> messages) {
        List<CompletableFuture<String>> acks = new ArrayList<>(messages.size());
        List<Entry> sent = new ArrayList<>(messages.size());
        List<Entry> unreadable = new ArrayList<>();
        Throwable sendFailure = null;
        for (Entry message : messages) {
            ProducerRecord<String, String> record;
            Span publishing;
            try {
                CloudEvent<?> event = BillingStream.toEvent(message);
                // A sampled route's trace goes on through Kafka: the event names this publish span as its parent.
                publishing = Traceparents.startChild(Topics.BILLING_EVENTS + " publish", SpanKind.PRODUCER, event.traceparent());
                if (publishing != null) {
                    publishing.setAttribute("messaging.system", "kafka");
                    publishing.setAttribute("messaging.destination.name", Topics.BILLING_EVENTS);
                    publishing.setAttribute("cloudevents.event_id", event.id());
                    event = event.withTraceparent(Traceparents.of(publishing.getSpanContext()));
                }
                record = new ProducerRecord<>(Topics.BILLING_EVENTS, event.subject(), EventCodec.encode(event));
            } catch (RuntimeException bad) {
                LOG.errorf("billing entry %s cannot be turned into an event (%s); setting it aside in %s: %s",
                        message.id(), bad.getMessage(), bucket.rejectedStream(), message.asMap());
                unreadable.add(message);
                continue;
            }
            CompletableFuture<String> acked = new CompletableFuture<>();
            try {
                producer().send(record, (metadata, failure) -> {
                    Traceparents.end(publishing, failure);
                    if (failure != null) {
                        acked.completeExceptionally(failure);
                    } else {
                        acked.complete(message.id());
                    }
                });
            } catch (RuntimeException failure) {
                Traceparents.end(publishing, failure);
                sendFailure = failure; // the rest of the batch stays pending and is sent again later
                break;
            }
            acks.add(acked);
            sent.add(message);
        }
        Throwable firstFailure = sendFailure;
        // Wait for every record handed to the producer, so none is in flight when the batch is re-read.
        return CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).handle((ignored, any) -> {
            List<String> acknowledged = new ArrayList<>(acks.size());
            Throwable failure = firstFailure;
            for (int i = 0; i < acks.size(); i++) {
                CompletableFuture<String> ack = acks.get(i);
                if (ack.isCompletedExceptionally()) {
                    Throwable refused = ack.handle((id, f) -> f).join();
                    if (neverPublishable(refused)) {
                        // Retrying would block every entry behind it for good: set it aside for a person instead.
                        LOG.errorf("Kafka will never take billing entry %s (%s); setting it aside in %s",
                                sent.get(i).id(), refused.toString(), bucket.rejectedStream());
                        unreadable.add(sent.get(i));
                    } else if (failure == null) {
                        failure = refused;
                    }
                } else {
                    acknowledged.add(ack.join());
                }
            }
            return new Outcome(acknowledged, unreadable, failure);
        });
    }

    private static boolean neverPublishable(Throwable failure) {
        return failure instanceof RecordTooLargeException || failure instanceof SerializationException;
    }

    private KafkaProducer<String, String> producer() {
        if (producer == null) {
            Map<String, Object> settings = new HashMap<>();
            // Authenticated as wallet-service, the only writer of billing.events (SPEC §10).
            settings.putAll(com.platformeconomy.platform.kafka.KafkaSecurity.settings());
            settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            settings.put(ProducerConfig.CLIENT_ID_CONFIG, "wallet-billing-relay");
            settings.put(ProducerConfig.ACKS_CONFIG, "all");
            settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            settings.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
            settings.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) config.deliveryTimeout().toMillis());
            settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) config.requestTimeout().toMillis());
            settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, config.maxBlock().toMillis());
            producer = new KafkaProducer<>(settings, new StringSerializer(), new StringSerializer());
        }
        return producer;
    }

    private void closeProducer() {
        KafkaProducer<String, String> current = producer;
        producer = null;
        if (current != null) {
            current.close(Duration.ofSeconds(5));
        }
    }

    static long[] parseId(String id) {
        int dash = id.indexOf('-');
        return new long[] {Long.parseLong(id.substring(0, dash)), Long.parseLong(id.substring(dash + 1))};
    }

    private static int compare(long[] a, long[] b) {
        return a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]);
    }
}
