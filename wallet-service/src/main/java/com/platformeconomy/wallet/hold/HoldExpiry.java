package com.platformeconomy.wallet.hold;

import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import com.platformeconomy.wallet.redis.Answered;
import com.platformeconomy.wallet.redis.Keys;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import com.platformeconomy.wallet.redis.WalletRedis;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Releases holds whose time has passed; the script re-checks the time, so replicas may race safely.
 * It also lands captures whose payee's leg a crash or an outage left in flight (a payee in another
 * bucket, HoldService), once they are older than a few seconds: the capture route lands its own.
 */
@ApplicationScoped
public class HoldExpiry {

    private static final Logger LOG = Logger.getLogger(HoldExpiry.class);
    /** A capture younger than this is still being landed by its own request. */
    static final long LANDING_GRACE_MILLIS = 3_000;
    /** A landing that failed is tried again this much later (Redis or PostgreSQL away, a replica not confirming). */
    static final long LANDING_RETRY_MILLIS = 10_000;
    /** A hold in flight, or due, whose record is gone is logged again this much later, until someone looks. */
    static final long LOST_RETRY_MILLIS = 3_600_000;
    /** A due hold whose release failed other than by a 503 is tried again this much later. */
    static final long EXPIRY_RETRY_MILLIS = 10_000;
    /** Expiry failures are logged at most this often (the sweep runs every second); all are counted. */
    static final long EXPIRY_LOG_EVERY_MILLIS = 60_000;
    /** Why a due hold was not released (wallet_holds_expiries_failed_total's reason; k8s/README, HoldsNotReleased). */
    static final List<String> EXPIRY_FAILURES = List.of("unavailable", "failed", "record_gone", "unreadable");

    private final Keys keys;
    private final Answered answered;
    private final WalletRedis redis;
    private final HoldService holds;
    private final MeterRegistry metrics;
    private final AtomicLong lastExpiryLog = new AtomicLong(Long.MIN_VALUE / 2);

    public HoldExpiry(Keys keys, WalletRedis redis, HoldService holds, MeterRegistry metrics, Answered answered) {
        this.answered = answered;
        this.keys = keys;
        this.metrics = metrics;
        this.redis = redis;
        this.holds = holds;
        // Every reason's series from the start, so that an alert's increase() sees the first failure.
        for (String reason : EXPIRY_FAILURES) {
            metrics.counter("wallet.holds.expiries.failed", "reason", reason);
        }
    }

    @Scheduled(every = "${wallet.hold.expiry-sweep:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return Multi.createFrom().iterable(keys.all())
                .onItem().transformToUniAndConcatenate(this::expire)
                .collect().last()
                .replaceWithVoid();
    }

    /**
     * Captures in flight, on a schedule of their own: a landing that waits for an unreachable bucket
     * (a replica's WAIT, up to its timeout) holds up no hold's expiry. One bucket: nothing goes through escrow.
     */
    @Scheduled(every = "${wallet.hold.landing-sweep:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> landInFlight() {
        if (keys.count() == 1) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(keys.all())
                .onItem().transformToUniAndConcatenate(this::land)
                .collect().last()
                .replaceWithVoid();
    }

    private Uni<Void> land(Keys.Bucket bucket) {
        return holds.inFlight(bucket, System.currentTimeMillis() - LANDING_GRACE_MILLIS)
                .onItem().transformToMulti(ids -> Multi.createFrom().iterable(ids))
                .onItem().transformToUniAndConcatenate(holdId -> holds.land(holdId, bucket)
                        .onFailure().recoverWithUni(failure -> {
                            boolean lost = failure instanceof HoldService.LostInFlight || failure instanceof HoldService.LandingConflict;
                            metrics.counter("wallet.holds.landings.failed", "reason", failure instanceof HoldService.LostInFlight
                                    ? "record_gone" : failure instanceof HoldService.LandingConflict ? "landing_conflict" : "retried")
                                    .increment();
                            if (lost) {
                                LOG.error(failure.getMessage());
                            } else {
                                LOG.warnf("hold %s: its payee's leg did not land yet: %s", holdId, failure.toString());
                            }
                            // Kept in the index, tried again later (from when it failed): never dropped, never in the way of the others.
                            long retryAt = System.currentTimeMillis() + (lost ? LOST_RETRY_MILLIS : LANDING_RETRY_MILLIS);
                            return holds.landLater(holdId, bucket, retryAt).onFailure().recoverWithNull();
                        }))
                .collect().last()
                .replaceWithVoid()
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /**
     * One bucket's due holds, 500 at most a sweep. A hold that cannot be released is counted
     * ({@code wallet_holds_expiries_failed_total}, by reason) and never stops the others: while Redis
     * or its clock is unusable (503) it stays where it is and the next sweep tries again; one that
     * fails otherwise (a record the script cannot read) is tried again 10 s later, one indexed without
     * a record an hour later, so that neither holds the head of the index and the holds behind it.
     */
    private Uni<Void> expire(Keys.Bucket bucket) {
        return answered.within(redis.call(Command.ZRANGEBYSCORE, bucket.holdExpiry(), "-inf", System.currentTimeMillis(), "LIMIT", 0, 500))
                .onFailure().invoke(failure -> failed(bucket, null, "unreadable", failure))
                .onItem().transformToMulti(due -> Multi.createFrom().iterable(due))
                .onItem().transformToUniAndMerge(holdId -> expire(holdId.toString(), bucket))
                .collect().last()
                .replaceWithVoid()
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private Uni<Void> expire(String holdId, Keys.Bucket bucket) {
        return holds.expire(holdId, bucket).replaceWithVoid().onFailure().recoverWithUni(failure -> {
            if (failure instanceof ApiException refused && refused.status() == 503) {
                failed(bucket, holdId, "unavailable", failure);
                return Uni.createFrom().voidItem();
            }
            boolean gone = failure instanceof ApiException refused && refused.errorCode() == ErrorCode.UNKNOWN_HOLD;
            failed(bucket, holdId, gone ? "record_gone" : "failed", failure);
            long retryAt = System.currentTimeMillis() + (gone ? LOST_RETRY_MILLIS : EXPIRY_RETRY_MILLIS);
            return holds.expireLater(holdId, bucket, retryAt).onFailure().recoverWithNull();
        });
    }

    /**
     * Counts a hold not released when due. A hold indexed without a record is logged each time (once an
     * hour per hold: someone must look); the other failures, which repeat every second or ten, the
     * first of a run and then one a minute.
     */
    private void failed(Keys.Bucket bucket, String holdId, String reason, Throwable failure) {
        metrics.counter("wallet.holds.expiries.failed", "reason", reason).increment();
        if ("record_gone".equals(reason)) {
            LOG.errorf("hold %s is due and was not released: %s (key %s); its tokens stay held until someone looks",
                    holdId, failure.getMessage(), bucket.hold(holdId));
            return;
        }
        long now = System.currentTimeMillis();
        long last = lastExpiryLog.get();
        if (now - last >= EXPIRY_LOG_EVERY_MILLIS && lastExpiryLog.compareAndSet(last, now)) {
            String what = holdId == null ? "the due holds of " + bucket.prefix() + " could not be read"
                    : "hold " + holdId + " (key " + bucket.hold(holdId) + ") is due and was not released";
            LOG.warnf("%s (%s, tried again): %s", what, reason, failure.toString());
        }
    }
}
