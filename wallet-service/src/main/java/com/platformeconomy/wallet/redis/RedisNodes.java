package com.platformeconomy.wallet.redis;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.RedisOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.Dependent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Asks every node that runs the wallet's scripts (or may come to) a question of its own (its memory,
 * its clock): on one node that node; on a Redis Cluster every master of the slot map, and if asked
 * its replicas, each on its own connection (a keyless command through the cluster client would
 * reach one node, at random). One instance per user ({@code @Dependent}), so one user's dropping of
 * a former master's client never cuts another's question short.
 */
@Dependent
public class RedisNodes {

    /** Which nodes of a cluster are asked. */
    public enum Which {
        /** The masters of the slot map (the nodes that run the scripts). */
        MASTERS,
        /** The masters and their replicas in the slot map (one may become a master and run what is queued for it). */
        MASTERS_AND_REPLICAS
    }

    /** The key of the one node's answer when Redis is not a cluster. */
    static final String STANDALONE = "standalone";

    private final Redis redis;
    private final WalletRedis routes;
    private final Answered answered;
    private final boolean cluster;
    private final Vertx vertx;
    /** quarkus.redis.hosts: on a cluster, every node's URL with the wallet's credentials. */
    private final List<String> seeds;
    private final Map<String, Redis> nodes = new ConcurrentHashMap<>();

    public RedisNodes(Redis redis, WalletRedis routes, Vertx vertx, Answered answered,
            @ConfigProperty(name = "quarkus.redis.client-type", defaultValue = "standalone") String clientType,
            @ConfigProperty(name = "quarkus.redis.hosts") List<String> seeds) {
        this.redis = redis;
        this.routes = routes;
        this.vertx = vertx;
        this.answered = answered;
        this.seeds = seeds;
        this.cluster = clientType.equalsIgnoreCase("cluster");
    }

    /** Each master's answer to {@code question} (asked of its client), each within the wallet's bound; fails if one fails. */
    public <T> Uni<List<T>> ask(Function<Redis, Uni<T>> question) {
        return askEach(Which.MASTERS, question).map(answers -> {
            List<T> all = new ArrayList<>(answers.size());
            answers.forEach((master, answer) -> all.add(answer.orElseThrow(() ->
                    new IllegalStateException("Redis master " + master + " did not answer"))));
            return all;
        });
    }

    /**
     * Each node of the slot map ({@code which}; on one node, {@link #STANDALONE}) with its answer to
     * {@code question}, empty where it failed or did not answer within the wallet's bound; fails only
     * if the slot map cannot be read.
     */
    public <T> Uni<Map<String, Optional<T>>> askEach(Which which, Function<Redis, Uni<T>> question) {
        if (!cluster) {
            return answerOf(redis, question).map(answer -> Map.of(STANDALONE, answer));
        }
        // The slot map from one node (WalletRedis): the cluster client would need every node to answer.
        return answered.within(routes.clusterSlots()).chain(slots -> {
            // Each range: start, end, its master, then its replicas (each host, port, id).
            Set<String> asked = new LinkedHashSet<>();
            for (Response range : slots) {
                int last = which == Which.MASTERS ? 2 : range.size() - 1;
                for (int i = 2; i <= last; i++) {
                    asked.add(range.get(i).get(0).toString() + ":" + range.get(i).get(1).toLong());
                }
            }
            // A failover moves a master to another address: the client of a node no longer asked goes.
            nodes.entrySet().removeIf(node -> {
                if (asked.contains(node.getKey())) {
                    return false;
                }
                node.getValue().close();
                return true;
            });
            List<String> order = List.copyOf(asked);
            List<Uni<Optional<T>>> asks = order.stream().map(master -> answerOf(node(master), question)).toList();
            return Uni.join().all(asks).andFailFast().map(answers -> {
                Map<String, Optional<T>> byNode = new LinkedHashMap<>();
                for (int i = 0; i < order.size(); i++) {
                    byNode.put(order.get(i), answers.get(i));
                }
                return byNode;
            });
        });
    }

    private <T> Uni<Optional<T>> answerOf(Redis node, Function<Redis, Uni<T>> question) {
        return answered.within(question.apply(node)).map(Optional::ofNullable)
                .onFailure().recoverWithItem(Optional.empty());
    }

    /** The addresses ({@code host:port}) a client is kept of: the nodes of the last question. */
    Set<String> clients() {
        return Set.copyOf(nodes.keySet());
    }

    /** A one-connection client of the node at {@code hostPort}, signed in as the cluster client is. */
    private Redis node(String hostPort) {
        return nodes.computeIfAbsent(hostPort, address -> {
            return Redis.createClient(vertx, new RedisOptions().setConnectionString(WalletRedis.nodeUrl(seeds.get(0), address))
                    .setMaxPoolSize(1).setMaxPoolWaiting(8));
        });
    }

    @PreDestroy
    void close() {
        nodes.values().forEach(Redis::close);
    }
}
