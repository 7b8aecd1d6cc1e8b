package com.platformeconomy.stack;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Where the stack's servers listen and what they are. Written to {@code stack.properties} by
 * {@code ./suite up} and read back by tests that are given an already running stack
 * ({@code PES_STACK_FILE}). {@link #config()} is what every service reads (its
 * application.properties maps these keys onto Quarkus's own).
 */
public record StackInfo(
        String redisHost, int redisPort, String redisVersion,
        String redisPassword, String redisAdminPassword,
        String kafkaBootstrapServers, String kafkaVersion,
        String postgresHost, int postgresPort, String postgresUser, String postgresVersion,
        Path publicKey, Path privateKey,
        Map<String, String> kafkaPasswords,
        List<String> redisClusterNodes, int redisClusterReplicas) {

    /** A stack whose Redis is one node (no cluster). */
    public StackInfo(String redisHost, int redisPort, String redisVersion, String redisPassword, String redisAdminPassword,
            String kafkaBootstrapServers, String kafkaVersion, String postgresHost, int postgresPort, String postgresUser,
            String postgresVersion, Path publicKey, Path privateKey, Map<String, String> kafkaPasswords) {
        this(redisHost, redisPort, redisVersion, redisPassword, redisAdminPassword, kafkaBootstrapServers, kafkaVersion,
                postgresHost, postgresPort, postgresUser, postgresVersion, publicKey, privateKey, kafkaPasswords, List.of(), 0);
    }

    /** Whether Redis is a Redis Cluster ({@link #redisClusterNodes()} its nodes, host:port). */
    public boolean redisCluster() {
        return !redisClusterNodes.isEmpty();
    }

    /** The stack's Kafka super user, for the tests' and tools' own clients (never a service's). */
    public static final String KAFKA_ADMIN = "admin";

    public Map<String, String> config() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("pes.redis.host", redisHost);
        config.put("pes.redis.port", Integer.toString(redisPort));
        // wallet-service signs in as its own ACL user (local-stack's redis/wallet-service.acl);
        // the admin user is for people and tests that look at Redis, never for a service.
        config.put("pes.redis.username", RedisServer.WALLET_USER);
        config.put("pes.redis.password", redisPassword);
        config.put("pes.redis.admin-username", RedisServer.ADMIN_USER);
        config.put("pes.redis.admin-password", redisAdminPassword);
        if (redisCluster()) {
            // The cluster client needs every node as a seed (the one it asks for the slot map may be
            // down), each URL with its credentials; wallet-service's application.properties reads them.
            config.put("pes.redis.client-type", "cluster");
            config.put("pes.redis.cluster-nodes", String.join(",", redisClusterNodes));
            config.put("pes.redis.urls", urls(RedisServer.WALLET_USER, redisPassword));
            config.put("pes.redis.admin-urls", urls(RedisServer.ADMIN_USER, redisAdminPassword));
            config.put("pes.redis.cluster-replicas", Integer.toString(redisClusterReplicas));
            if (redisClusterReplicas > 0) {
                // every master has a replica: a movement is answered once the replica holds it
                config.put("pes.redis.replica-acks", "1");
            }
        }
        config.put("pes.kafka.bootstrap-servers", kafkaBootstrapServers);
        kafkaConfig(config);
        config.put("pes.postgres.host", postgresHost);
        config.put("pes.postgres.port", Integer.toString(postgresPort));
        config.put("pes.postgres.username", postgresUser);
        config.put("pes.jwt.public-key-location", publicKey.toUri().toString());
        config.put("pes.jwt.private-key-location", privateKey.toString());
        // Service identities (issue 17, SPEC §10): derived from the keys folder DevKeys wrote, so the
        // record and stack.properties need no field of their own.
        Path keys = privateKey.getParent();
        config.put("pes.jwt.user-jwks-location", keys.resolve(DevKeys.JWKS).toUri().toString());
        config.put("pes.jwt.service-public-keys-dir", keys.resolve(DevKeys.SERVICE_PUBLIC_KEYS).toString());
        config.put("pes.jwt.service-private-keys-dir", keys.resolve(DevKeys.SERVICE_PRIVATE_KEYS).toString());
        return config;
    }

    private String urls(String user, String password) {
        return String.join(",", redisClusterNodes.stream().map(node -> "redis://" + user + ":" + password + "@" + node).toList());
    }

    /** {@link #config()} without the stores' admin credentials: what a service is given. */
    public Map<String, String> serviceConfig() {
        Map<String, String> config = config();
        config.keySet().removeIf(StackInfo::adminOnly);
        return config;
    }

    /** A key of people and tests (the stores' admin users), never handed to a service. */
    public static boolean adminOnly(String key) {
        return key.contains(".admin-") || key.startsWith("pes.kafka.admin.");
    }

    /**
     * Kafka's users: each service's password under {@code pes.kafka.passwords.<service>} (its
     * application name picks its own, contracts' microprofile-config.properties), and the admin's
     * under {@code pes.kafka.admin.*} for test clients and tools. No passwords (a broker without
     * authentication, the container stack): {@code pes.kafka.security-protocol=PLAINTEXT}.
     */
    private void kafkaConfig(Map<String, String> config) {
        if (kafkaPasswords.isEmpty()) {
            config.put("pes.kafka.security-protocol", "PLAINTEXT");
            return;
        }
        kafkaPasswords.forEach((user, password) -> {
            if (user.equals(KAFKA_ADMIN)) {
                config.put("pes.kafka.admin.username", KAFKA_ADMIN);
                config.put("pes.kafka.admin.password", password);
            } else {
                config.put("pes.kafka.passwords." + user, password);
            }
        });
    }

    /** One line for logs: proves which real servers a run used. */
    public String describe() {
        return "Redis " + redisVersion + (redisCluster() ? " Cluster of " + redisClusterNodes.size() + " nodes (" + redisClusterReplicas
                + " replica(s) per master) from " : " at ")
                + redisHost + ":" + redisPort
                + ", Kafka " + kafkaVersion + " (KRaft) at " + kafkaBootstrapServers
                + ", PostgreSQL " + postgresVersion + " at " + postgresHost + ":" + postgresPort;
    }

    public void write(Path file) throws IOException {
        Properties properties = new Properties();
        properties.putAll(config());
        properties.put("pes.redis.version", redisVersion);
        properties.put("pes.kafka.version", kafkaVersion);
        properties.put("pes.postgres.version", postgresVersion);
        try (Writer out = Files.newBufferedWriter(file)) {
            properties.store(out, "Platform Economy Suite local stack");
        }
    }

    private static Map<String, String> kafkaPasswords(Properties p) {
        Map<String, String> passwords = new java.util.TreeMap<>();
        if (p.getProperty("pes.kafka.admin.password") != null) {
            passwords.put(KAFKA_ADMIN, p.getProperty("pes.kafka.admin.password"));
        }
        for (String name : p.stringPropertyNames()) {
            if (name.startsWith("pes.kafka.passwords.")) {
                passwords.put(name.substring("pes.kafka.passwords.".length()), p.getProperty(name));
            }
        }
        return passwords;
    }

    public static StackInfo read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        }
        return new StackInfo(
                p.getProperty("pes.redis.host"), Integer.parseInt(p.getProperty("pes.redis.port")),
                p.getProperty("pes.redis.version", "?"),
                p.getProperty("pes.redis.password"), p.getProperty("pes.redis.admin-password"),
                p.getProperty("pes.kafka.bootstrap-servers"), p.getProperty("pes.kafka.version", "?"),
                p.getProperty("pes.postgres.host"), Integer.parseInt(p.getProperty("pes.postgres.port")),
                p.getProperty("pes.postgres.username"), p.getProperty("pes.postgres.version", "?"),
                Path.of(java.net.URI.create(p.getProperty("pes.jwt.public-key-location"))),
                Path.of(p.getProperty("pes.jwt.private-key-location")),
                kafkaPasswords(p),
                p.getProperty("pes.redis.cluster-nodes", "").isEmpty() ? List.of()
                        : List.of(p.getProperty("pes.redis.cluster-nodes").split(",")),
                p.getProperty("pes.redis.cluster-nodes", "").isEmpty() ? 0
                        : Integer.parseInt(p.getProperty("pes.redis.cluster-replicas", "1")));
    }
}
