package com.platformeconomy.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import com.platformeconomy.contracts.event.Topics;
import org.junit.jupiter.api.Test;

class LocalStackTest {

    @Test
    void startsThreeRealServersAndStopsThemAll() throws Exception {
        Path dir = Path.of("target/stack-test").toAbsolutePath();
        LocalStack stack = LocalStack.start(dir, false);
        StackInfo info = stack.info();
        System.out.println("local stack test: " + info.describe());
        List<Long> pids = new ArrayList<>();
        LocalStack.alive(dir).values().forEach(pid -> pids.add(Long.parseLong((String) pid)));
        assertThat(pids).hasSize(3);

        try {
            // Redis has no default user: nothing answers before AUTH, and each user has its own password.
            assertThat(redis(info.redisPort(), resp("PING"))).startsWith("-NOAUTH");
            assertThat(redis(info.redisPort(), resp("AUTH", "admin", info.redisAdminPassword()) + resp("PING")))
                    .isEqualTo("+OK+PONG");
            assertThat(redis(info.redisPort(), resp("AUTH", "wallet-service", info.redisPassword()) + resp("FLUSHALL")))
                    .startsWith("+OK-NOPERM");
            assertThat(redis(info.redisPort(), resp("AUTH", "wallet-service", info.redisAdminPassword())))
                    .startsWith("-WRONGPASS");
            assertThat(Files.getPosixFilePermissions(dir.resolve("redis").resolve(RedisServer.ACL_FILE)))
                    .isEqualTo(Set.of(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE));
            assertThat(Files.readString(dir.resolve("redis").resolve(RedisServer.ACL_FILE)))
                    .doesNotContain(info.redisPassword()).doesNotContain(info.redisAdminPassword());
            assertThat(info.redisVersion()).matches("(6\\.[2-9]|[7-9]\\.).*");

            try (Admin admin = Admin.create(KafkaClients.admin(info))) {
                admin.createTopics(List.of(new NewTopic("stack-test", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
                // The broker answers CreateTopics once the controller has the topic; its own metadata
                // cache may learn it a moment later, so the listing is read until it shows it.
                Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!names.contains("stack-test") && System.nanoTime() < until) {
                    Thread.sleep(100);
                    names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
                }
                assertThat(names).contains("stack-test").containsAll(Topics.ALL);
            }
            KafkaTrust.check(info);

            try (Connection connection = PostgresServer.connect(info.postgresPort(), "postgres");
                 Statement sql = connection.createStatement();
                 ResultSet rows = sql.executeQuery("SELECT datname FROM pg_database")) {
                List<String> names = new ArrayList<>();
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
                assertThat(names).containsAll(LocalStack.DATABASES);
            }

            StackInfo written = StackInfo.read(LocalStack.stackFile(dir));
            assertThat(written).isEqualTo(info);
            assertThat(Files.getPosixFilePermissions(info.privateKey()))
                    .isEqualTo(Set.of(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE));
        } finally {
            stack.close();
        }

        assertThat(pids).allSatisfy(pid ->
                assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse());
        assertThat(LocalStack.alive(dir)).isEmpty();
    }

    @Test
    void aRedisClusterOfMastersAloneWaitsForNoReplica() throws Exception {
        Path dir = Path.of("target/stack-test-cluster").toAbsolutePath();
        LocalStack stack = LocalStack.start(dir, false, List.of(), 3, 0);
        try {
            StackInfo info = stack.info();
            assertThat(info.redisClusterNodes()).hasSize(3);
            assertThat(info.redisClusterReplicas()).isZero();
            // no replica to wait for: a WAIT 1 would hold every movement until it timed out
            assertThat(info.config()).containsEntry("pes.redis.client-type", "cluster")
                    .containsEntry("pes.redis.cluster-replicas", "0").doesNotContainKey("pes.redis.replica-acks");
            assertThat(StackInfo.read(LocalStack.stackFile(dir))).isEqualTo(info);
            for (String node : info.redisClusterNodes()) {
                int port = Integer.parseInt(node.substring(node.lastIndexOf(':') + 1));
                try (Redis redis = new Redis("127.0.0.1", port, RedisServer.ADMIN_USER, info.redisAdminPassword())) {
                    assertThat((String) redis.call("CLUSTER", "INFO")).contains("cluster_state:ok", "cluster_size:3");
                    assertThat((String) redis.call("INFO", "replication")).contains("role:master", "connected_slaves:0");
                }
            }
        } finally {
            stack.close();
        }
        assertThat(LocalStack.alive(dir)).isEmpty();
    }

    private static String resp(String... args) {
        StringBuilder command = new StringBuilder("*" + args.length + "\r\n");
        for (String arg : args) {
            command.append('$').append(arg.length()).append("\r\n").append(arg).append("\r\n");
        }
        return command.toString();
    }

    /** Sends {@code commands} (pipelined) and returns the first line of each reply, joined. */
    private static String redis(int port, String commands) throws Exception {
        int replies = commands.split("\r\n\\*", -1).length;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(commands.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder reply = new StringBuilder();
            for (int n = 0; n < replies; n++) {
                for (int c = in.read(); c != '\r' && c != -1; c = in.read()) {
                    reply.append((char) c);
                }
                in.read(); // '\n'
            }
            return reply.toString();
        }
    }
}
