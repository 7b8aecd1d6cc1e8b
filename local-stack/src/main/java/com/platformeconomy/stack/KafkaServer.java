package com.platformeconomy.stack;

import com.platformeconomy.contracts.event.Topics;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * A real Apache Kafka broker in KRaft combined mode (one node, broker and controller), run in its
 * own JVM from the kafka_2.13 jars on Maven Central.
 *
 * <p>It trusts nobody it cannot name (SPEC §10 "Services are told apart"): the client listener takes
 * SASL/SCRAM-SHA-512 only, the {@code StandardAuthorizer} refuses whatever no ACL allows, and the
 * controller listener takes SASL/PLAIN with a password of its own (SCRAM cannot serve there: the
 * controller would need the metadata it has not loaded yet). Its users, each with a random password
 * made here and written into the format's bootstrap metadata: {@code admin} (super user: the broker
 * itself, the stack's own tools and the tests), one per service and {@code node-agent}, whose ACLs
 * come from {@link Topics}: each topic written by its owner alone, read only by the consumer groups
 * that need it.
 */
final class KafkaServer {

    static final String ADMIN = "admin";
    static final String MECHANISM = "SCRAM-SHA-512";
    private static final String CLIENT_CONFIG = "admin-client.properties";
    private static final SecureRandom RANDOM = new SecureRandom();

    private KafkaServer() {
    }

    static String version() {
        return Binaries.versionOf("kafka_2.13");
    }

    /**
     * Formats and starts a broker in {@code dir}, creates the suite's topics and ACLs, and answers
     * the password of every user ({@code admin} and each of {@link Topics#IDENTITIES}).
     */
    static Started start(Path dir, int port, boolean detached) throws IOException {
        Path data = dir.resolve("data");
        Files.createDirectories(dir);
        int controllerPort = ServerProcess.freePort();
        Map<String, String> passwords = new LinkedHashMap<>();
        passwords.put(ADMIN, password());
        Topics.IDENTITIES.forEach(identity -> passwords.put(identity, password()));
        String controllerPassword = password();
        Path config = dir.resolve("server.properties");
        Files.writeString(config, String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=CLIENT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=CLIENT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=CLIENT",
                "listener.security.protocol.map=CLIENT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT",
                "sasl.enabled.mechanisms=" + MECHANISM,
                "sasl.mechanism.inter.broker.protocol=" + MECHANISM,
                "listener.name.client.sasl.enabled.mechanisms=" + MECHANISM,
                "listener.name.client.scram-sha-512.sasl.jaas.config=" + jaas(ADMIN, passwords.get(ADMIN)),
                "sasl.mechanism.controller.protocol=PLAIN",
                "listener.name.controller.sasl.enabled.mechanisms=PLAIN",
                "listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required"
                        + " username=\"controller\" password=\"" + controllerPassword + "\" user_controller=\"" + controllerPassword + "\";",
                "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "allow.everyone.if.no.acl.found=false",
                "super.users=User:" + ADMIN + ";User:controller",
                "log.dirs=" + data,
                "num.partitions=4",
                // Only admin may create topics; the suite's own are created below, before any service starts.
                "auto.create.topics.enable=true",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=8",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=4",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                ""));
        Properties client = new Properties();
        client.putAll(clientConfig("127.0.0.1:" + port, ADMIN, passwords.get(ADMIN)));
        try (Writer out = Files.newBufferedWriter(dir.resolve(CLIENT_CONFIG))) {
            client.store(out, "the stack's Kafka admin (super user): for its own tools");
        }

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = Binaries.classpath();
        List<String> format = new ArrayList<>(List.of(java, "-Xshare:auto", "-cp", classpath, "kafka.tools.StorageTool", "format",
                "-t", Uuid.randomUuid().toString(), "-c", config.toString(), "--ignore-formatted"));
        passwords.forEach((user, password) -> {
            format.add("--add-scram");
            format.add(MECHANISM + "=[name=" + user + ",password=" + password + "]");
        });
        ServerProcess.run(format, dir, Duration.ofMinutes(2));

        ServerProcess process = launch(dir, port, detached);
        try (Admin admin = Admin.create(clientConfig(dir))) {
            createTopics(admin);
            admin.createAcls(acls()).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.stop("KILL", Duration.ofSeconds(5));
            throw new IOException("cannot create the suite's topics and ACLs", e);
        }
        return new Started(process, Map.copyOf(passwords));
    }

    /** A started broker and the password of each of its users. */
    record Started(ServerProcess process, Map<String, String> passwords) {
    }

    /** Runs the broker configured in {@code dir} (again, after a stop: same port, same data, same users) and waits until it answers. */
    static ServerProcess launch(Path dir, int port, boolean detached) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ServerProcess kafka = ServerProcess.start("kafka", List.of(java, "-Xms256m", "-Xmx1g",
                "-Djava.awt.headless=true", "-cp", Binaries.classpath(), "kafka.Kafka", dir.resolve("server.properties").toString()),
                dir, dir.resolve("kafka.log"), detached);
        Map<String, Object> admin = clientConfig(dir);
        kafka.awaitReady(() -> clusterAnswers(port, admin), Duration.ofSeconds(90));
        return kafka;
    }

    /** The client port of the broker configured in {@code dir}. */
    static int port(Path dir) throws IOException {
        for (String line : Files.readAllLines(dir.resolve("server.properties"))) {
            if (line.startsWith("advertised.listeners=CLIENT://")) {
                return Integer.parseInt(line.substring(line.lastIndexOf(':') + 1).trim());
            }
        }
        throw new IllegalStateException("no CLIENT listener in " + dir.resolve("server.properties"));
    }

    /** The configuration of a Kafka client that authenticates as {@code user}. */
    static Map<String, Object> clientConfig(String bootstrapServers, String user, String password) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(AdminClientConfig.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        config.put("sasl.mechanism", MECHANISM);
        config.put("sasl.jaas.config", jaas(user, password));
        return config;
    }

    /** The admin client configuration of the broker in {@code dir}. */
    static Map<String, Object> clientConfig(Path dir) throws IOException {
        Properties client = new Properties();
        try (Reader in = Files.newBufferedReader(dir.resolve(CLIENT_CONFIG))) {
            client.load(in);
        }
        Map<String, Object> config = new LinkedHashMap<>();
        client.forEach((key, value) -> config.put((String) key, value));
        return config;
    }

    static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    /** The suite's topics, created by admin before any service runs (nobody else may create one). */
    private static void createTopics(Admin admin) throws Exception {
        List<NewTopic> topics = new ArrayList<>();
        for (String topic : Topics.ALL) {
            NewTopic create = new NewTopic(topic, 4, (short) 1);
            if (topic.equals(Topics.APP_CATALOG)) {
                create.configs(Map.of("cleanup.policy", "compact"));
            }
            topics.add(create);
        }
        try {
            admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    /**
     * The ACLs of {@link Topics}: WRITE (and DESCRIBE) of a topic for its owner only; READ (and
     * DESCRIBE) of a topic and of its consumer groups for the readers it names. Nothing else is allowed.
     */
    static List<AclBinding> acls() {
        List<AclBinding> acls = new ArrayList<>();
        Topics.OWNERS.forEach((topic, owner) -> {
            acls.add(allow(ResourceType.TOPIC, topic, PatternType.LITERAL, owner, AclOperation.WRITE));
            acls.add(allow(ResourceType.TOPIC, topic, PatternType.LITERAL, owner, AclOperation.DESCRIBE));
        });
        Topics.READERS.forEach((topic, readers) -> readers.forEach((reader, groups) -> {
            acls.add(allow(ResourceType.TOPIC, topic, PatternType.LITERAL, reader, AclOperation.READ));
            acls.add(allow(ResourceType.TOPIC, topic, PatternType.LITERAL, reader, AclOperation.DESCRIBE));
            for (String group : groups) {
                boolean prefix = group.endsWith("-");
                acls.add(allow(ResourceType.GROUP, group, prefix ? PatternType.PREFIXED : PatternType.LITERAL,
                        reader, AclOperation.READ));
            }
        }));
        return acls.stream().distinct().toList();
    }

    private static AclBinding allow(ResourceType type, String name, PatternType pattern, String user, AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW));
    }

    private static String password() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static boolean clusterAnswers(int port, Map<String, Object> adminConfig) {
        if (!ServerProcess.listening("127.0.0.1", port)) {
            return false;
        }
        Map<String, Object> config = new LinkedHashMap<>(adminConfig);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        try (Admin admin = Admin.create(config)) {
            return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
        } catch (Exception notYet) {
            return false;
        }
    }
}
