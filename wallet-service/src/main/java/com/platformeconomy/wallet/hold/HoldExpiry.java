package com.platformeconomy.wallet.hold;

import com.platformeconomy.wallet.redis.Keys;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;

/** Releases holds whose time has passed; the script re-checks the time, so replicas may race safely. */
@ApplicationScoped
public class HoldExpiry {

    private final Redis redis;
    private final HoldService holds;

    private final Keys keys;

    public HoldExpiry(Keys keys, Redis redis, HoldService holds) {
        this.keys = keys;
        this.redis = redis;
        this.holds = holds;
    }

    @Scheduled(every = "${wallet.hold.expiry-sweep:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return Multi.createFrom().iterable(keys.all())
                .onItem().transformToUniAndConcatenate(this::sweep)
                .collect().last()
                .replaceWithVoid();
    }

    /** One bucket's due holds, 500 at most a sweep. */
    private Uni<Void> sweep(Keys.Bucket bucket) {
        return redis.send(Request.cmd(Command.ZRANGEBYSCORE).arg(bucket.holdExpiry()).arg("-inf")
                        .arg(System.currentTimeMillis()).arg("LIMIT").arg(0).arg(500))
                .onItem().transformToMulti(due -> Multi.createFrom().iterable(due))
                .onItem().transformToUniAndMerge(holdId -> holds.expire(holdId.toString(), bucket))
                .collect().last()
                .replaceWithVoid()
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}
