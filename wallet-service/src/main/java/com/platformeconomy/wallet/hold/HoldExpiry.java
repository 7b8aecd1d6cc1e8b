package com.platformeconomy.wallet.hold;

import com.platformeconomy.wallet.redis.Answered;
import com.platformeconomy.wallet.redis.Keys;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;
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
    /** A hold in flight whose record is gone is logged again this much later, until someone looks. */
    static final long LOST_RETRY_MILLIS = 3_600_000;

    private final Keys keys;
    private final Answered answered;
    private final Redis redis;
    private final HoldService holds;
    private final MeterRegistry metrics;

    public HoldExpiry(Keys keys, Redis redis, HoldService holds, MeterRegistry metrics, Answered answered) {
        this.answered = answered;
        this.keys = keys;
        this.metrics = metrics;
        this.redis = redis;
        this.holds = holds;
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
                            boolean lost = failure instanceof HoldService.LostInFlight;
                            metrics.counter("wallet.holds.landings.failed", "reason", lost ? "record_gone" : "retried").increment();
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

    /** One bucket's due holds, 500 at most a sweep. */
    private Uni<Void> expire(Keys.Bucket bucket) {
        return answered.within(redis.send(Request.cmd(Command.ZRANGEBYSCORE).arg(bucket.holdExpiry()).arg("-inf")
                        .arg(System.currentTimeMillis()).arg("LIMIT").arg(0).arg(500)))
                .onItem().transformToMulti(due -> Multi.createFrom().iterable(due))
                .onItem().transformToUniAndMerge(holdId -> holds.expire(holdId.toString(), bucket))
                .collect().last()
                .replaceWithVoid()
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}
