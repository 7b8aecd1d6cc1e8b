package com.platformeconomy.wallet.redis;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Redis memory as gauges, read from {@code INFO memory} every few seconds: Redis runs with
 * {@code maxmemory} and {@code noeviction}, so when it is full every charge is refused (it never
 * forgets an idempotency record early). Alert when {@code wallet_redis_memory_used_ratio} passes
 * 0.8 for minutes: the idempotency window × peak rate has outgrown the size (README "Idempotency").
 */
@ApplicationScoped
public class RedisMemory {

    private final Redis redis;
    private volatile double used = Double.NaN;
    private volatile double max = Double.NaN;

    public RedisMemory(Redis redis, MeterRegistry registry) {
        this.redis = redis;
        Gauge.builder("wallet.redis.memory.used.bytes", this, m -> m.used).baseUnit("bytes")
                .description("Redis used_memory").register(registry);
        Gauge.builder("wallet.redis.memory.max.bytes", this, m -> m.max).baseUnit("bytes")
                .description("Redis maxmemory (0: no limit)").register(registry);
        Gauge.builder("wallet.redis.memory.used.ratio", this, m -> m.max > 0 ? m.used / m.max : Double.NaN)
                .description("used_memory / maxmemory; alert above 0.8").register(registry);
    }

    @Scheduled(every = "${wallet.redis-memory-interval:15s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> read() {
        return redis.send(Request.cmd(Command.INFO).arg("memory"))
                .invoke(reply -> {
                    for (String line : reply.toString().split("\r?\n")) {
                        if (line.startsWith("used_memory:")) {
                            used = Double.parseDouble(line.substring("used_memory:".length()).trim());
                        } else if (line.startsWith("maxmemory:")) {
                            max = Double.parseDouble(line.substring("maxmemory:".length()).trim());
                        }
                    }
                })
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
