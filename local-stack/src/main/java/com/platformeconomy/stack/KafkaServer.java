package com.platformeconomy.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real Apache Kafka broker in KRaft combined mode (one node, broker and controller), run in its
 * own JVM from the kafka_2.13 jars on Maven Central.
 */
final class KafkaServer {

    private KafkaServer() {
    }

    static String version() {
        return Binaries.versionOf("kafka_2.13");
    }

    static ServerProcess start(Path dir, int port, boolean detached) throws IOException {
        Path data = dir.resolve("data");
        Files.createDirectories(dir);
        int controllerPort = ServerProcess.freePort();
        Path config = dir.resolve("server.properties");
        Files.writeString(config, String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + data,
                "num.partitions=4",
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

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = Binaries.classpath();
        ServerProcess.run(List.of(java, "-Xshare:auto", "-cp", classpath, "kafka.tools.StorageTool", "format",
                "-t", Uuid.randomUuid().toString(), "-c", config.toString(), "--ignore-formatted"),
                dir, Duration.ofMinutes(2));

        return launch(dir, port, detached);
    }

    /** Runs the broker configured in {@code dir} (again, after a stop: same port, same data) and waits until it answers. */
    static ServerProcess launch(Path dir, int port, boolean detached) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ServerProcess kafka = ServerProcess.start("kafka", List.of(java, "-Xms256m", "-Xmx1g",
                "-Djava.awt.headless=true", "-cp", Binaries.classpath(), "kafka.Kafka", dir.resolve("server.properties").toString()),
                dir, dir.resolve("kafka.log"), detached);
        String bootstrap = "127.0.0.1:" + port;
        kafka.awaitReady(() -> clusterAnswers(bootstrap), Duration.ofSeconds(90));
        return kafka;
    }

    /** The client port of the broker configured in {@code dir}. */
    static int port(Path dir) throws IOException {
        for (String line : Files.readAllLines(dir.resolve("server.properties"))) {
            if (line.startsWith("advertised.listeners=PLAINTEXT://")) {
                return Integer.parseInt(line.substring(line.lastIndexOf(':') + 1).trim());
            }
        }
        throw new IllegalStateException("no PLAINTEXT listener in " + dir.resolve("server.properties"));
    }

    private static boolean clusterAnswers(String bootstrap) {
        if (!ServerProcess.listening("127.0.0.1", Integer.parseInt(bootstrap.substring(bootstrap.indexOf(':') + 1)))) {
            return false;
        }
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000))) {
            return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
        } catch (Exception notYet) {
            return false;
        }
    }
}
