package com.platformeconomy.stack;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * Real Redis, Kafka and PostgreSQL as local processes on free ports, with no container engine:
 * every binary comes from Maven Central (see the module's README for why). {@code stack.properties}
 * in the stack folder says where they listen; {@code processes.properties} lets another process
 * ({@code ./suite down}) stop them.
 */
public final class LocalStack implements AutoCloseable {

    /** One database per service (SPEC §1). */
    public static final List<String> DATABASES = List.of("wallet", "earnings", "settlement", "revenue", "goal");

    private static final String STACK_FILE = "stack.properties";
    private static final String PROCESSES_FILE = "processes.properties";

    private final Path dir;
    private final StackInfo info;

    private LocalStack(Path dir, StackInfo info) {
        this.dir = dir;
        this.info = info;
    }

    /**
     * Starts the three servers in parallel. {@code detached} servers outlive this JVM (for
     * {@code ./suite up}); otherwise they are stopped when it exits.
     */
    public static LocalStack start(Path dir, boolean detached) throws IOException {
        return start(dir, detached, List.of());
    }

    /**
     * How many masters the stack's Redis Cluster has when one is asked for: {@code
     * -Dpes.redis.cluster-masters} or {@code PES_REDIS_CLUSTER_MASTERS}; 0 (the default) for a single
     * Redis node.
     */
    public static int requestedClusterMasters() {
        String masters = System.getProperty("pes.redis.cluster-masters", System.getenv("PES_REDIS_CLUSTER_MASTERS"));
        return masters == null || masters.isBlank() ? 0 : Integer.parseInt(masters.strip());
    }

    /**
     * How many replicas each master of the stack's Redis Cluster has: {@code
     * -Dpes.redis.cluster-replicas} or {@code PES_REDIS_CLUSTER_REPLICAS}; 1 by default (a master's
     * loss promotes its replica, and every movement is answered once the replica holds it). 0 gives
     * masters alone: nothing survives a master's loss, and no movement waits for a copy (used to
     * tell the cluster's own cost from the replicas' in bench/README).
     */
    public static int requestedClusterReplicas() {
        String replicas = System.getProperty("pes.redis.cluster-replicas", System.getenv("PES_REDIS_CLUSTER_REPLICAS"));
        return replicas == null || replicas.isBlank() ? 1 : Integer.parseInt(replicas.strip());
    }

    /**
     * As {@link #start(Path, boolean)}, with extra redis-server arguments (e.g. {@code --appendonly
     * yes --appendfsync always}, so that a test can restart Redis without losing what it accepted).
     * {@link #startRedis} reuses them. Redis is a cluster when {@link #requestedClusterMasters()} asks for one.
     */
    public static LocalStack start(Path dir, boolean detached, List<String> redisArgs) throws IOException {
        return start(dir, detached, redisArgs, requestedClusterMasters());
    }

    /**
     * As {@link #start(Path, boolean, List)}; with {@code clusterMasters} &gt; 0, Redis is a Redis
     * Cluster of that many masters with {@link #requestedClusterReplicas()} replicas each
     * ({@link RedisCluster}), else one node.
     */
    public static LocalStack start(Path dir, boolean detached, List<String> redisArgs, int clusterMasters) throws IOException {
        return start(dir, detached, redisArgs, clusterMasters, clusterMasters > 0 ? requestedClusterReplicas() : 0);
    }

    /** As {@link #start(Path, boolean, List, int)}, each master with {@code clusterReplicas} replicas. */
    public static LocalStack start(Path dir, boolean detached, List<String> redisArgs, int clusterMasters, int clusterReplicas)
            throws IOException {
        if (clusterReplicas < 0 || clusterMasters == 0 && clusterReplicas > 0) {
            throw new IllegalArgumentException("a Redis Cluster's masters cannot have " + clusterReplicas + " replicas");
        }
        Files.createDirectories(dir);
        stop(dir); // whatever an earlier run left behind in this folder
        for (String server : List.of("kafka", "redis", "postgres")) {
            deleteTree(dir.resolve(server));
        }
        DevKeys.generate(dir.resolve("keys"));
        List<Integer> clusterPorts = clusterMasters > 0 ? RedisCluster.freeNodePorts(clusterMasters * (1 + clusterReplicas)) : List.of();
        int redisPort = clusterMasters > 0 ? clusterPorts.get(0) : ServerProcess.freePort();
        int kafkaPort = ServerProcess.freePort();
        int postgresPort = ServerProcess.freePort();
        Path postgresData = PostgresServer.dataRoot(dir);
        String redisAdminPassword = secret();
        String redisWalletPassword = secret();
        RedisServer.writeAcl(dir.resolve("redis"), redisAdminPassword, redisWalletPassword);

        CompletableFuture<KafkaServer.Started> kafkaStarted = async(() -> KafkaServer.start(dir.resolve("kafka"), kafkaPort, detached));
        CompletableFuture<ServerProcess> kafka = kafkaStarted.thenApply(KafkaServer.Started::process);
        CompletableFuture<ServerProcess> postgres = async(() ->
                PostgresServer.start(postgresData, dir, postgresPort, DATABASES, detached));
        CompletableFuture<List<RedisCluster.Node>> clusterNodes = clusterMasters == 0 ? CompletableFuture.completedFuture(List.of())
                : async(() -> RedisCluster.start(dir.resolve("redis"), clusterPorts, clusterMasters, redisAdminPassword,
                        redisWalletPassword, redisArgs, detached));
        CompletableFuture<ServerProcess> redis = clusterMasters > 0 ? clusterNodes.thenApply(nodes -> nodes.get(0).process())
                : async(() -> RedisServer.start(dir.resolve("redis"), redisPort, redisArgs, detached));

        Properties processes = new Properties();
        processes.setProperty("postgres.data", postgresData.toString());
        processes.setProperty("postgres.port", Integer.toString(postgresPort));
        processes.setProperty("redis.port", Integer.toString(redisPort));
        processes.setProperty("redis.args", String.join("\n", redisArgs));
        try {
            CompletableFuture.allOf(kafka, postgres, redis).join();
        } catch (RuntimeException failed) {
            Stream.of(kafka, postgres, redis).filter(f -> !f.isCompletedExceptionally())
                    .forEach(f -> f.thenAccept(p -> p.stop("KILL", Duration.ofSeconds(5))));
            throw failed;
        } finally {
            record(processes, "kafka", kafka);
            record(processes, "postgres", postgres);
            record(processes, "redis", redis);
            if (clusterMasters > 0 && clusterNodes.isDone() && !clusterNodes.isCompletedExceptionally()) {
                // the first node is redis.pid; the others are stopped with it
                processes.setProperty("redis.cluster.pids", String.join(",", clusterNodes.join().stream().skip(1)
                        .map(node -> Long.toString(node.process().pid())).toList()));
            }
            save(dir, processes);
        }

        StackInfo info = new StackInfo(
                "127.0.0.1", redisPort, RedisServer.version(RedisServer.binary()),
                redisWalletPassword, redisAdminPassword,
                "127.0.0.1:" + kafkaPort, KafkaServer.version(),
                "127.0.0.1", postgresPort, PostgresServer.USER, PostgresServer.version(PostgresServer.home()),
                dir.resolve("keys").resolve(DevKeys.PUBLIC_KEY), dir.resolve("keys").resolve(DevKeys.PRIVATE_KEY),
                kafkaStarted.join().passwords(),
                clusterPorts.stream().map(port -> "127.0.0.1:" + port).toList(), clusterReplicas);
        info.write(dir.resolve(STACK_FILE));
        LocalStack stack = new LocalStack(dir, info);
        if (!detached) {
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "local-stack-stop"));
        }
        return stack;
    }

    /** A fresh random password: 128 bits as hex, safe in URLs and command lines. */
    static String secret() {
        byte[] bytes = new byte[16];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.HexFormat.of().formatHex(bytes);
    }

    public StackInfo info() {
        return info;
    }

    @Override
    public void close() {
        stop(dir);
    }

    /** Stops the servers recorded in {@code dir}: Kafka and Redis by SIGTERM, PostgreSQL by its fast shutdown. */
    public static void stop(Path dir) {
        Path file = dir.resolve(PROCESSES_FILE);
        if (!Files.exists(file)) {
            return;
        }
        Properties processes;
        try {
            processes = readProcesses(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        stopOne(processes, "kafka", "TERM", Duration.ofSeconds(30));
        stopOne(processes, "redis", "TERM", Duration.ofSeconds(10));
        stopClusterNodes(processes, "TERM");
        stopOne(processes, "postgres", "INT", Duration.ofSeconds(30));
        String postgresData = processes.getProperty("postgres.data");
        if (postgresData != null && !Path.of(postgresData).startsWith(dir)) {
            deleteTree(Path.of(postgresData));
        }
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stops only the Kafka broker of the stack in {@code dir} (SIGTERM, as an operator would), for
     * tests of what happens while Kafka is away. {@link #startKafka} brings it back.
     */
    public static void stopKafka(Path dir) throws IOException {
        Properties processes = readProcesses(dir);
        stopOne(processes, "kafka", "TERM", Duration.ofSeconds(30));
    }

    /** Starts the stack's Kafka broker again on the same port and data, and waits until it answers. */
    public static void startKafka(Path dir) throws IOException {
        Path kafkaDir = dir.resolve("kafka");
        ServerProcess kafka = KafkaServer.launch(kafkaDir, KafkaServer.port(kafkaDir), false);
        recordPid(dir, readProcesses(dir), "kafka", kafka);
    }

    /**
     * SIGKILL of one server of the stack in {@code dir} ({@code kafka}, {@code redis} or
     * {@code postgres}): a crash, for fault tests. {@link #startKafka}, {@link #startRedis} and
     * {@link #startPostgres} bring it back on the same port and data.
     */
    public static void kill(Path dir, String server) throws IOException {
        if (!List.of("kafka", "redis", "postgres").contains(server)) {
            throw new IllegalArgumentException("no server " + server + " in the stack");
        }
        stopOne(readProcesses(dir), server, "KILL", Duration.ofSeconds(10));
    }

    /** Starts the stack's Redis again on the same port, folder and arguments (with AOF on, it reloads its data). */
    public static void startRedis(Path dir) throws IOException {
        Properties processes = readProcesses(dir);
        if (!processes.getProperty("redis.cluster.pids", "").isEmpty()) {
            throw new UnsupportedOperationException("the stack's Redis is a cluster: a killed master's replica takes over instead");
        }
        String args = processes.getProperty("redis.args", "");
        ServerProcess redis = RedisServer.start(dir.resolve("redis"), Integer.parseInt(processes.getProperty("redis.port")),
                args.isEmpty() ? List.of() : List.of(args.split("\n")), false);
        recordPid(dir, processes, "redis", redis);
    }

    /**
     * Starts the node on {@code port} of the stack's Redis Cluster again (after a test killed it),
     * with its folder and arguments; it rejoins the cluster by itself.
     */
    public static void restartRedisClusterNode(Path dir, int port) throws IOException {
        Properties processes = readProcesses(dir);
        ServerProcess node = RedisCluster.restart(dir.resolve("redis"), port, false);
        // The killed node's pid goes (it may be reused by another process), the new one takes its place.
        String pid = Long.toString(node.pid());
        if (!isAlive(processes.getProperty("redis.pid", "0"))) {
            processes.setProperty("redis.pid", pid);
        } else {
            Stream<String> live = Arrays.stream(processes.getProperty("redis.cluster.pids", "").split(","))
                    .filter(p -> !p.isBlank() && isAlive(p));
            processes.setProperty("redis.cluster.pids", String.join(",", Stream.concat(live, Stream.of(pid)).toList()));
        }
        save(dir, processes);
    }

    /** Starts the stack's PostgreSQL again on the same port and data (it recovers from its WAL), and waits until it answers. */
    public static void startPostgres(Path dir) throws IOException {
        Properties processes = readProcesses(dir);
        ServerProcess postgres = PostgresServer.launch(Path.of(processes.getProperty("postgres.data")), dir,
                Integer.parseInt(processes.getProperty("postgres.port")), false);
        recordPid(dir, processes, "postgres", postgres);
    }

    private static void recordPid(Path dir, Properties processes, String name, ServerProcess server) throws IOException {
        processes.setProperty(name + ".pid", Long.toString(server.pid()));
        save(dir, processes);
    }

    private static void save(Path dir, Properties processes) throws IOException {
        try (Writer out = Files.newBufferedWriter(dir.resolve(PROCESSES_FILE))) {
            processes.store(out, "servers of the local stack");
        }
    }

    private static Properties readProcesses(Path dir) throws IOException {
        Properties processes = new Properties();
        try (Reader in = Files.newBufferedReader(dir.resolve(PROCESSES_FILE))) {
            processes.load(in);
        }
        return processes;
    }

    /**
     * The pid of each server that is still alive, by name; empty when none is. A Redis Cluster counts
     * as alive only while every one of its nodes is (its first node's pid is the one named).
     */
    public static Properties alive(Path dir) throws IOException {
        Properties alive = new Properties();
        Path file = dir.resolve(PROCESSES_FILE);
        if (Files.exists(file)) {
            Properties processes = readProcesses(dir);
            for (String name : List.of("kafka", "postgres", "redis")) {
                String pid = processes.getProperty(name + ".pid");
                if (pid != null && isAlive(pid)) {
                    alive.setProperty(name, pid);
                }
            }
            String clusterPids = processes.getProperty("redis.cluster.pids", "");
            if (!clusterPids.isEmpty() && !Arrays.stream(clusterPids.split(",")).allMatch(LocalStack::isAlive)) {
                alive.remove("redis");
            }
        }
        return alive;
    }

    private static boolean isAlive(String pid) {
        return ProcessHandle.of(Long.parseLong(pid.strip())).map(ProcessHandle::isAlive).orElse(false);
    }

    public static Path stackFile(Path dir) {
        return dir.resolve(STACK_FILE);
    }

    private static void stopOne(Properties processes, String name, String signal, Duration grace) {
        String pid = processes.getProperty(name + ".pid");
        if (pid != null) {
            ServerProcess.attach(name, Long.parseLong(pid), Path.of("/dev/null")).stop(signal, grace);
        }
    }

    /** The Redis Cluster's nodes but the first (which is {@code redis.pid}), if Redis is a cluster. */
    private static void stopClusterNodes(Properties processes, String signal) {
        String pids = processes.getProperty("redis.cluster.pids", "");
        for (String pid : pids.isEmpty() ? new String[0] : pids.split(",")) {
            ServerProcess.attach("redis", Long.parseLong(pid), Path.of("/dev/null")).stop(signal, Duration.ofSeconds(10));
        }
    }

    private static void record(Properties processes, String name, CompletableFuture<ServerProcess> server) {
        if (server.isDone() && !server.isCompletedExceptionally()) {
            processes.setProperty(name + ".pid", Long.toString(server.join().pid()));
        }
    }

    private interface Start<T> {
        T run() throws IOException;
    }

    private static <T> CompletableFuture<T> async(Start<T> start) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return start.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
