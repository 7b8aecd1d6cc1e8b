package com.platformeconomy.wallet.redis;

import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import com.platformeconomy.wallet.config.WalletConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Default;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Redis' time, as the deadline every movement carries (common.lua refuse_if_late) is checked
 * against it. A request held in the client's queue behind a frozen node must not run once its
 * caller's retry's record has expired (the idempotency window), or it would move the tokens twice.
 *
 * <p>Every node of the slot map, masters and replicas (a replica promoted runs what was queued for
 * its master), is asked its {@code TIME} every {@code wallet.redis.clock-interval} (and once at
 * start). A deadline is made in Redis' time: the most-behind node's last reading plus the time
 * elapsed since it on the wallet's monotonic clock, plus late-after; so neither the wallet's wall
 * clock nor a steady offset between the hosts moves it. A round in which a node did not answer (or the
 * slot map could not be read) is followed by another {@value #AGAIN_AFTER_MILLIS} ms after it ended
 * (after the answer bound, wallet.redis.answer-timeout, when a node is frozen), and so on until every
 * node of the map answered: a node that missed a round is read again soon after it answers again,
 * and a replica that died leaves the readings about a second after the cluster marked it failed
 * (CLUSTER SLOTS leaves out a replica marked failed; a master stays until its replica is promoted),
 * not up to an interval later. Every movement is refused (503, saying why;
 * nothing moves) while any node has no reading, its reading is older than three intervals (a jump of
 * its clock since would go unseen), or it is more than {@code wallet.redis.clock-tolerance} from the
 * wallet's wall clock (a host whose clock is that far off is a fault: alert RedisClockApart); the
 * readiness check {@code Redis clock} is DOWN then. The offset (Redis less the wallet, the farthest
 * node's) is the gauge {@code wallet_redis_clock_offset_milliseconds}.
 *
 * <p>Not covered: a clock stepping back between two readings (or while a node does not answer
 * {@code TIME}, up to three intervals) goes unseen until the next, and requests already queued when it
 * steps keep their deadlines; a per-bucket high-water mark of {@code TIME} in the scripts would catch it.
 */
@ApplicationScoped
@Readiness
@Default // also the bean LuaScripts asks for (@Readiness is a qualifier)
public class RedisClock implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(RedisClock.class);

    /**
     * How soon a round is followed by another when a node did not answer it. Without it a replica that
     * missed one round (stopped a moment) and then died was read last up to two intervals before its
     * death; if the cluster had not yet marked it failed at the next round, its reading passed three
     * intervals before it left the map, and every movement was refused meanwhile (a CI run of
     * RedisFailoverTest.aLostReplicaOfAnotherMasterStopsNothing, 2026-12-06).
     */
    static final long AGAIN_AFTER_MILLIS = 1_000;
    /** In {@link #missing}: the slot map could not be read. */
    private static final String SLOT_MAP = "(the slot map)";

    /**
     * One node's reading: Redis' time (ms) at {@code atNanos} of the wallet's monotonic clock (when the
     * answer arrived: Redis' time then was at least this), and its offset from the wallet's wall clock.
     */
    record Reading(long redisMillis, long atNanos, long offsetMillis) {

        /** Redis' time now, by the monotonic time elapsed since the reading. */
        long redisMillisAt(long nowNanos) {
            return redisMillis + (nowNanos - atNanos) / 1_000_000;
        }
    }

    /**
     * The nodes of the last slot map read, each with its newest reading (none yet: empty), and the
     * number of the round that map came from. Rounds can overlap (the scheduled one, one asked for
     * after a miss, the one at start) and end out of order: an older round ending late adds its
     * newer readings of the nodes kept, but neither brings back a node a newer round left out nor
     * drops one it added.
     */
    record Readings(Map<String, Optional<Reading>> byNode, long round) {

        static final Readings NONE = new Readings(Map.of(), 0);

        /** After the next round of questions (as the tests ask): see {@link #next(long, Map)}. */
        Readings next(Map<String, Optional<Reading>> answers) {
            return next(round + 1, answers);
        }

        /**
         * After round {@code answeredRound}: each node's newest reading, this one's where it did not
         * answer; the nodes of the round's map, unless a newer round's map is already kept.
         */
        Readings next(long answeredRound, Map<String, Optional<Reading>> answers) {
            Map<String, Optional<Reading>> next = new LinkedHashMap<>();
            if (answeredRound < round) {
                byNode.forEach((node, kept) -> next.put(node, newer(kept, answers.getOrDefault(node, Optional.empty()))));
                return new Readings(next, round);
            }
            answers.forEach((node, answer) -> next.put(node, newer(byNode.getOrDefault(node, Optional.empty()), answer)));
            return new Readings(next, answeredRound);
        }

        private static Optional<Reading> newer(Optional<Reading> kept, Optional<Reading> answer) {
            if (kept.isEmpty()) {
                return answer;
            }
            return answer.isPresent() && answer.get().atNanos() >= kept.get().atNanos() ? answer : kept;
        }

        /** Why no deadline can be made now, or empty when one can. */
        Optional<String> unusable(long nowNanos, long staleAfterNanos, long toleranceMillis) {
            if (byNode.isEmpty()) {
                return Optional.of("Redis' clock has not been read yet");
            }
            for (Map.Entry<String, Optional<Reading>> node : byNode.entrySet()) {
                if (node.getValue().isEmpty()) {
                    return Optional.of("Redis' clock has not been read yet on " + node.getKey());
                }
                Reading reading = node.getValue().get();
                if (nowNanos - reading.atNanos() > staleAfterNanos) {
                    return Optional.of("Redis' clock on " + node.getKey() + " was last read "
                            + (nowNanos - reading.atNanos()) / 1_000_000 + " ms ago, more than " + staleAfterNanos / 1_000_000
                            + " ms (it does not answer TIME)");
                }
                if (Math.abs(reading.offsetMillis()) > toleranceMillis) {
                    return Optional.of("Redis' clock on " + node.getKey() + " is " + Math.abs(reading.offsetMillis()) + " ms "
                            + (reading.offsetMillis() > 0 ? "ahead of" : "behind") + " the wallet's, more than "
                            + "wallet.redis.clock-tolerance (" + toleranceMillis + " ms)");
                }
            }
            return Optional.empty();
        }

        /** Redis' time now on the most-behind node. */
        long redisMillisAt(long nowNanos) {
            long least = Long.MAX_VALUE;
            for (Optional<Reading> reading : byNode.values()) {
                least = Math.min(least, reading.orElseThrow().redisMillisAt(nowNanos));
            }
            return least;
        }

        /** The offset farthest from the wallet's clock among the nodes read (NaN: none). */
        double farthestOffset() {
            double farthest = Double.NaN;
            for (Optional<Reading> reading : byNode.values()) {
                if (reading.isPresent() && (Double.isNaN(farthest) || Math.abs(reading.get().offsetMillis()) > Math.abs(farthest))) {
                    farthest = reading.get().offsetMillis();
                }
            }
            return farthest;
        }
    }

    private final RedisNodes nodes;
    private final Clock clock;
    private final long toleranceMillis;
    private final long staleAfterNanos;
    private final Duration answerTimeout;
    private final AtomicReference<Readings> readings = new AtomicReference<>(Readings.NONE);
    private final Vertx vertx;
    /** Whether a round is due after one that missed a node, and its timer. */
    private final AtomicBoolean againDue = new AtomicBoolean();
    /** Rounds begun (each round's number, in the order they began). */
    private final AtomicLong rounds = new AtomicLong();
    /** The nodes that did not answer the last round that asked them (warned once, until they answer). */
    private final Set<String> missing = ConcurrentHashMap.newKeySet();
    private volatile long againTimer;
    private volatile boolean stopped;

    public RedisClock(RedisNodes nodes, Clock clock, WalletConfig config, MeterRegistry registry, Vertx vertx) {
        this.nodes = nodes;
        this.vertx = vertx;
        this.clock = clock;
        // At most a third of the idempotency window, as late-after (LuaScripts): a host whose clock is off by
        // more is a fault to fix, not a deadline to stretch.
        this.toleranceMillis = Math.min(config.redis().clockTolerance().toMillis(), config.idempotencyWindow().toMillis() / 3);
        this.staleAfterNanos = config.redis().clockInterval().multipliedBy(3).toNanos();
        this.answerTimeout = config.redis().answerTimeout();
        Gauge.builder("wallet.redis.clock.offset", this, c -> c.readings.get().farthestOffset())
                .baseUnit("milliseconds")
                .description("Redis' clock less the wallet's (on a cluster, the farthest node's); the wallet refuses "
                        + "movements past wallet.redis.clock-tolerance")
                .register(registry);
    }

    void readAtStart(@Observes StartupEvent started) {
        // Movements are refused until a first reading: take it now rather than at the scheduler's first round.
        try {
            read().await().atMost(answerTimeout.multipliedBy(3));
        } catch (RuntimeException notYet) {
            LOG.warnf("Redis' clock not read at start (%s): movements are refused until it is", notYet.getMessage());
        }
    }

    @Scheduled(every = "${wallet.redis.clock-interval:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> read() {
        long round = rounds.incrementAndGet();
        return nodes.askEach(RedisNodes.Which.MASTERS_AND_REPLICAS, node -> {
                    long sentNanos = System.nanoTime();
                    long sentMillis = clock.millis();
                    return node.send(Request.cmd(Command.TIME)).map(time -> reading(time, sentNanos, System.nanoTime(), sentMillis,
                            clock.millis()));
                })
                .invoke(answers -> {
                    boolean missed = false;
                    for (Map.Entry<String, Optional<Reading>> answer : answers.entrySet()) {
                        String node = answer.getKey();
                        if (answer.getValue().isPresent()) {
                            if (missing.remove(node)) {
                                LOG.infof("Redis node %s answers TIME again", node);
                            }
                        } else {
                            missed = true;
                            if (missing.add(node)) {
                                LOG.warnf("Redis node %s did not answer TIME; its last reading is kept, and it is asked again "
                                        + "every %d ms until it answers or leaves the slot map", node, AGAIN_AFTER_MILLIS);
                            }
                        }
                    }
                    missing.retainAll(answers.keySet());
                    readings.updateAndGet(last -> last.next(round, answers));
                    if (missed) {
                        readAgainSoon();
                    }
                })
                .onFailure().invoke(failure -> {
                    if (missing.add(SLOT_MAP)) {
                        LOG.warnf("Redis' clock not read (the slot map), asked again every %d ms until it is: %s",
                                AGAIN_AFTER_MILLIS, failure.getMessage());
                    }
                    readAgainSoon();
                })
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** One more round {@value #AGAIN_AFTER_MILLIS} ms from now, unless one is already due. */
    private void readAgainSoon() {
        if (stopped || !againDue.compareAndSet(false, true)) {
            return;
        }
        try {
            againTimer = vertx.setTimer(AGAIN_AFTER_MILLIS, timer -> {
                againDue.set(false);
                if (!stopped) {
                    read().subscribe().with(done -> { }, failure -> { });
                }
            });
        } catch (RuntimeException closing) { // Vert.x closed: the wallet is stopping
            againDue.set(false);
        }
    }

    /** How many rounds have begun, for the tests. */
    long rounds() {
        return rounds.get();
    }

    /** The nodes read and how long ago each was last read (ms; empty: never), for the tests. */
    Map<String, Optional<Long>> readAgo() {
        long nowNanos = System.nanoTime();
        Map<String, Optional<Long>> ago = new LinkedHashMap<>();
        readings.get().byNode().forEach((node, reading) ->
                ago.put(node, reading.map(r -> (nowNanos - r.atNanos()) / 1_000_000)));
        return ago;
    }

    @PreDestroy
    void stop() {
        stopped = true;
        if (againDue.get()) {
            vertx.cancelTimer(againTimer);
        }
    }

    /**
     * A reading from {@code TIME} (seconds, microseconds) asked between the two instants given. Redis'
     * time is taken as of the answer's arrival, so it is never ahead of Redis' real time (a slow answer
     * makes the deadlines earlier, never later); the offset is taken at the question's midpoint.
     */
    static Reading reading(Response time, long sentNanos, long answeredNanos, long sentMillis, long answeredMillis) {
        long redisMillis = time.get(0).toLong() * 1000 + time.get(1).toLong() / 1000;
        return new Reading(redisMillis, answeredNanos, redisMillis - (sentMillis + (answeredMillis - sentMillis) / 2));
    }

    /**
     * The deadline of a movement sent now, in Redis' time (ms since the epoch): late-after past Redis'
     * time now on the most-behind node. Refused (503, nothing moved) while the readings cannot tell it.
     */
    long deadline(long lateAfterMillis) {
        Readings now = readings.get();
        long nowNanos = System.nanoTime();
        Optional<String> unusable = now.unusable(nowNanos, staleAfterNanos, toleranceMillis);
        if (unusable.isPresent()) {
            throw new ApiException(ErrorCode.SERVICE_UNAVAILABLE, unusable.get() + ": a movement's deadline cannot be set, so "
                    + "nothing moved. The same request again gets its outcome once the clocks agree (NTP on the hosts) "
                    + "and Redis answers.");
        }
        return now.redisMillisAt(nowNanos) + lateAfterMillis;
    }

    @Override
    public HealthCheckResponse call() {
        Readings now = readings.get();
        Optional<String> unusable = now.unusable(System.nanoTime(), staleAfterNanos, toleranceMillis);
        var response = HealthCheckResponse.named("Redis clock").status(unusable.isEmpty())
                .withData("tolerance_ms", toleranceMillis);
        double offset = now.farthestOffset();
        if (!Double.isNaN(offset)) {
            response.withData("offset_ms", (long) offset);
        }
        unusable.ifPresent(reason -> response.withData("reason", reason));
        return response.build();
    }
}
