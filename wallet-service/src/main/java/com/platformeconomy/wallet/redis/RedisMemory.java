package com.platformeconomy.wallet.redis;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;

/**
 * Redis memory as gauges, read from {@code INFO memory} every few seconds: Redis runs with
 * {@code maxmemory} and {@code noeviction}, so when it is full every charge is refused (it never
 * forgets an idempotency record early). Alert when {@code wallet_redis_memory_used_ratio} passes
 * 0.8 for minutes: the idempotency window × peak rate has outgrown the size (README "Idempotency").
 *
 * <p>On a Redis Cluster every master is asked and the gauges are the fullest one's: a master that
 * fills up refuses the writes of its slots while the others still have room, so the alert must see
 * it (a keyless INFO through the cluster client would reach one node, at random).
 */
@ApplicationScoped
public class RedisMemory {

    /** One node's {@code used_memory} and {@code maxmemory} (0: no limit). */
    record Usage(double used, double max) {

        static final Usage UNKNOWN = new Usage(Double.NaN, Double.NaN);

        double ratio() {
            return max > 0 ? used / max : Double.NaN;
        }

        static Usage parse(String info) {
            double used = Double.NaN;
            double max = Double.NaN;
            for (String line : info.split("\r?\n")) {
                if (line.startsWith("used_memory:")) {
                    used = Double.parseDouble(line.substring("used_memory:".length()).trim());
                } else if (line.startsWith("maxmemory:")) {
                    max = Double.parseDouble(line.substring("maxmemory:".length()).trim());
                }
            }
            return new Usage(used, max);
        }

        /** The node closest to its limit; among nodes without one, the one using the most. */
        static Usage fullest(List<Usage> nodes) {
            Usage fullest = UNKNOWN;
            for (Usage node : nodes) {
                if (fullest == UNKNOWN || node.fullerThan(fullest)) {
                    fullest = node;
                }
            }
            return fullest;
        }

        private boolean fullerThan(Usage other) {
            boolean limited = max > 0;
            if (limited != other.max > 0) {
                return limited; // a node with a limit can fill up; one without cannot
            }
            return limited ? ratio() > other.ratio() : used > other.used;
        }
    }

    private final RedisNodes masters;
    private volatile Usage usage = Usage.UNKNOWN;

    public RedisMemory(RedisNodes masters, MeterRegistry registry) {
        this.masters = masters;
        Gauge.builder("wallet.redis.memory.used.bytes", this, m -> m.usage.used()).baseUnit("bytes")
                .description("Redis used_memory (on a cluster, of the fullest master)").register(registry);
        Gauge.builder("wallet.redis.memory.max.bytes", this, m -> m.usage.max()).baseUnit("bytes")
                .description("Redis maxmemory (0: no limit; on a cluster, of the fullest master)").register(registry);
        Gauge.builder("wallet.redis.memory.used.ratio", this, m -> m.usage.ratio())
                .description("used_memory / maxmemory (on a cluster, the highest of the masters); alert above 0.8")
                .register(registry);
    }

    @Scheduled(every = "${wallet.redis-memory-interval:15s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> read() {
        return infos()
                .invoke(infos -> usage = Usage.fullest(infos.stream().map(Usage::parse).toList()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** The {@code used_memory / maxmemory} the gauge shows now. */
    double ratio() {
        return usage.ratio();
    }

    private Uni<List<String>> infos() {
        return masters.ask(node -> node.send(infoMemory()).map(Response::toString));
    }

    /** The addresses ({@code host:port}) this gauge keeps a client of: the masters of its last read. */
    Set<String> clients() {
        return masters.clients();
    }

    private static Request infoMemory() {
        return Request.cmd(Command.INFO).arg("memory");
    }
}
