package com.platformeconomy.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The same three servers as containers, for machines with a Docker engine. The machines this suite
 * is built on have none, so {@link LocalStack} is the path CI takes; this one is kept equivalent.
 */
final class ContainerStack implements AutoCloseable {

    private final GenericContainer<?> redis = new GenericContainer<>("redis:7.2").withExposedPorts(6379);
    private final KafkaContainer kafka = new KafkaContainer("apache/kafka:4.1.0");
    private final GenericContainer<?> postgres = new GenericContainer<>("postgres:17")
            .withEnv("POSTGRES_HOST_AUTH_METHOD", "trust")
            .withExposedPorts(5432)
            .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*", 2));
    private StackInfo info;

    /** Cheap check first: without a socket or DOCKER_HOST there is no engine to ask. */
    static boolean dockerReachable() {
        boolean hint = System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"));
        return hint && DockerClientFactory.instance().isDockerAvailable();
    }

    static ContainerStack start(Path dir) throws Exception {
        ContainerStack stack = new ContainerStack();
        String redisAdminPassword = LocalStack.secret();
        String redisWalletPassword = LocalStack.secret();
        Path redisDir = dir.resolve("redis");
        RedisServer.writeAcl(redisDir, redisAdminPassword, redisWalletPassword);
        stack.redis.withCopyFileToContainer(org.testcontainers.utility.MountableFile.forHostPath(
                        redisDir.resolve(RedisServer.ACL_FILE), 0644), "/etc/redis/" + RedisServer.ACL_FILE)
                .withCommand("redis-server", "--aclfile", "/etc/redis/" + RedisServer.ACL_FILE);
        stack.redis.start();
        stack.kafka.start();
        stack.postgres.start();
        int postgresPort = stack.postgres.getMappedPort(5432);
        try (Connection connection = DriverManager.getConnection(
                "jdbc:postgresql://" + stack.postgres.getHost() + ":" + postgresPort + "/postgres", "postgres", "");
             Statement sql = connection.createStatement()) {
            for (String database : LocalStack.DATABASES) {
                sql.execute("CREATE DATABASE " + database);
            }
        }
        Path keys = dir.resolve("keys");
        DevKeys.generate(keys);
        stack.info = new StackInfo(stack.redis.getHost(), stack.redis.getMappedPort(6379), "7.2 (container)",
                redisWalletPassword, redisAdminPassword,
                stack.kafka.getBootstrapServers(), "4.1.0 (container)",
                stack.postgres.getHost(), postgresPort, "postgres", "17 (container)",
                keys.resolve(DevKeys.PUBLIC_KEY), keys.resolve(DevKeys.PRIVATE_KEY),
                // The container's broker takes no credentials (unlike the local stack's): PLAINTEXT.
                Map.of());
        return stack;
    }

    StackInfo info() {
        return info;
    }

    @Override
    public void close() {
        postgres.stop();
        kafka.stop();
        redis.stop();
    }
}
