package com.platformeconomy.stack;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A real Redis Cluster from the same redis-server binary as {@link RedisServer}: {@code masters}
 * nodes in cluster mode sharing the 16,384 hash slots, each with {@code replicasPerMaster}
 * replicas, every node with the stack's ACL (no default user; replicas sign in to their master as
 * the admin user). The embedded-redis jar has no {@code redis-cli}, so the cluster is joined here
 * with the commands {@code redis-cli --cluster create} sends: CLUSTER MEET, ADDSLOTS, REPLICATE.
 *
 * <p>A replica takes over when its master has been unreachable for {@link #NODE_TIMEOUT_MS} ms
 * (plus Redis' own election delay), as in production.
 */
final class RedisCluster {

    /** How long a master may be unreachable before its replica is promoted. */
    static final int NODE_TIMEOUT_MS = 2000;
    static final int SLOTS = 16384;
    private static final String ARGS_FILE = "node.args";

    /** One node: its port, its process, and whether it started as a master. */
    record Node(int port, ServerProcess process, boolean master) {
    }

    private RedisCluster() {
    }

    /**
     * {@code count} consecutive free ports whose cluster bus ports (port + 10000) are free too, from
     * 12000-19000; their bus ports (22000-29000) stay below both the kernel's ephemeral range and
     * the range {@link ServerProcess#freePort()} draws the other servers' ports from.
     */
    static List<Integer> freeNodePorts(int count) {
        java.util.Random random = new java.util.Random();
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = 12000 + random.nextInt(7000 - count);
            List<Integer> ports = new ArrayList<>();
            for (int port = base; port < base + count && ServerProcess.bindable(port) && ServerProcess.bindable(port + 10000); port++) {
                ports.add(port);
            }
            if (ports.size() == count) {
                return ports;
            }
        }
        throw new IllegalStateException("no " + count + " free port pairs for a Redis Cluster");
    }

    /**
     * Starts the nodes (in {@code dir/node-<port>}), joins them, gives each master its share of
     * the slots and each replica its master, and returns once every node says {@code cluster_state:ok}
     * and every replica's link to its master is up.
     */
    static List<Node> start(Path dir, List<Integer> ports, int masters, String adminPassword, String walletPassword,
            List<String> extraArgs, boolean detached) throws IOException {
        List<CompletableFuture<Node>> starting = new ArrayList<>();
        for (int i = 0; i < ports.size(); i++) {
            int port = ports.get(i);
            boolean master = i < masters;
            Path nodeDir = dir.resolve("node-" + port);
            RedisServer.writeAcl(nodeDir, adminPassword, walletPassword);
            List<String> args = new ArrayList<>(List.of("--cluster-enabled", "yes",
                    "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", Integer.toString(NODE_TIMEOUT_MS),
                    // a replica may take over however long it was cut off: a lost master's replica
                    // is the only copy of its slots here
                    "--cluster-replica-validity-factor", "0",
                    "--masteruser", RedisServer.ADMIN_USER, "--masterauth", adminPassword));
            args.addAll(extraArgs);
            // kept so that a node a test killed can be started again as it was (restart)
            java.nio.file.Files.write(nodeDir.resolve(ARGS_FILE), args);
            starting.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return new Node(port, RedisServer.start(nodeDir, port, args, detached), master);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }));
        }
        List<Node> nodes = new ArrayList<>();
        try {
            for (CompletableFuture<Node> node : starting) {
                nodes.add(node.join());
            }
            join(nodes, masters, adminPassword);
            return nodes;
        } catch (RuntimeException failed) {
            starting.stream().filter(f -> f.isDone() && !f.isCompletedExceptionally())
                    .forEach(f -> f.join().process().stop("KILL", Duration.ofSeconds(5)));
            throw failed;
        }
    }

    private static void join(List<Node> nodes, int masters, String adminPassword) {
        int first = nodes.get(0).port();
        try (Redis seed = admin(first, adminPassword)) {
            for (Node node : nodes.subList(1, nodes.size())) {
                seed.call("CLUSTER", "MEET", "127.0.0.1", Integer.toString(node.port()));
            }
        }
        for (int m = 0; m < masters; m++) {
            int from = m * SLOTS / masters;
            int to = (m + 1) * SLOTS / masters;
            List<String> command = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
            for (int slot = from; slot < to; slot++) {
                command.add(Integer.toString(slot));
            }
            try (Redis master = admin(nodes.get(m).port(), adminPassword)) {
                master.call(command.toArray(String[]::new));
            }
        }
        await("every node knows the others", () -> nodes.stream().allMatch(node -> {
            try (Redis redis = admin(node.port(), adminPassword)) {
                return ((String) redis.call("CLUSTER", "NODES")).lines().count() == nodes.size();
            }
        }));
        for (int i = masters; i < nodes.size(); i++) {
            int master = nodes.get((i - masters) % masters).port();
            String masterId;
            try (Redis redis = admin(master, adminPassword)) {
                masterId = (String) redis.call("CLUSTER", "MYID");
            }
            try (Redis replica = admin(nodes.get(i).port(), adminPassword)) {
                replica.call("CLUSTER", "REPLICATE", masterId);
            }
        }
        await("the cluster is ok and every replica in sync", () -> nodes.stream().allMatch(node -> {
            try (Redis redis = admin(node.port(), adminPassword)) {
                boolean ok = ((String) redis.call("CLUSTER", "INFO")).contains("cluster_state:ok");
                return ok && (node.master() || ((String) redis.call("INFO", "replication")).contains("master_link_status:up"));
            }
        }));
    }

    /**
     * Starts the node of {@code port} again with its folder and arguments (its nodes.conf brings it
     * back into the cluster: a master that lost its slots to a replica's failover becomes a replica
     * of the new master).
     */
    static ServerProcess restart(Path dir, int port, boolean detached) throws IOException {
        Path nodeDir = dir.resolve("node-" + port);
        return RedisServer.start(nodeDir, port, java.nio.file.Files.readAllLines(nodeDir.resolve(ARGS_FILE)), detached);
    }

    private static Redis admin(int port, String adminPassword) {
        return new Redis("127.0.0.1", port, RedisServer.ADMIN_USER, adminPassword);
    }

    private static void await(String what, java.util.function.BooleanSupplier done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Redis Cluster: timed out waiting until " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
