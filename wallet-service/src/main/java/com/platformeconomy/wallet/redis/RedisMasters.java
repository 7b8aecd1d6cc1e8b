package com.platformeconomy.wallet.redis;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.RedisOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Asks every node that runs the wallet's scripts a question of its own (its memory, its clock): on
 * one node that node; on a Redis Cluster every master of the slot map, each on its own connection
 * (a keyless command through the cluster client would reach one node, at random).
 */
@ApplicationScoped
public class RedisMasters {

    private final Redis redis;
    private final Answered answered;
    private final boolean cluster;
    private final Vertx vertx;
    /** quarkus.redis.hosts: on a cluster, every node's URL with the wallet's credentials. */
    private final List<String> seeds;
    private final Map<String, Redis> nodes = new ConcurrentHashMap<>();

    public RedisMasters(Redis redis, Vertx vertx, Answered answered,
            @ConfigProperty(name = "quarkus.redis.client-type", defaultValue = "standalone") String clientType,
            @ConfigProperty(name = "quarkus.redis.hosts") List<String> seeds) {
        this.redis = redis;
        this.vertx = vertx;
        this.answered = answered;
        this.seeds = seeds;
        this.cluster = clientType.equalsIgnoreCase("cluster");
    }

    /** Each master's answer to {@code question} (asked of its client), each within the wallet's bound. */
    public <T> Uni<List<T>> ask(Function<Redis, Uni<T>> question) {
        if (!cluster) {
            return answered.within(question.apply(redis)).map(List::of);
        }
        return answered.within(redis.send(Request.cmd(Command.CLUSTER).arg("SLOTS"))).chain(slots -> {
            Set<String> masters = new LinkedHashSet<>();
            for (Response range : slots) {
                Response master = range.get(2);
                masters.add(master.get(0).toString() + ":" + master.get(1).toLong());
            }
            // A failover moves a master to another address: the client of one no longer a master goes.
            nodes.entrySet().removeIf(node -> {
                if (masters.contains(node.getKey())) {
                    return false;
                }
                node.getValue().close();
                return true;
            });
            List<Uni<T>> asks = masters.stream().map(master -> answered.within(question.apply(node(master)))).toList();
            return Uni.join().all(asks).andFailFast();
        });
    }

    /** The addresses ({@code host:port}) a client is kept of: the masters of the last question. */
    Set<String> clients() {
        return Set.copyOf(nodes.keySet());
    }

    /** A one-connection client of the master at {@code hostPort}, signed in as the cluster client is. */
    private Redis node(String hostPort) {
        return nodes.computeIfAbsent(hostPort, address -> {
            URI seed = URI.create(seeds.get(0));
            String url = seed.getScheme() + "://" + (seed.getRawUserInfo() == null ? "" : seed.getRawUserInfo() + "@") + address;
            return Redis.createClient(vertx, new RedisOptions().setConnectionString(url).setMaxPoolSize(1).setMaxPoolWaiting(8));
        });
    }

    @PreDestroy
    void close() {
        nodes.values().forEach(Redis::close);
    }
}
