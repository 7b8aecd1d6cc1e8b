package com.platformeconomy.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./suite status} (LocalStack.alive) on a stack whose processes are real, some of them gone. */
class LocalStackAliveTest {

    @TempDir
    Path dir;

    @Test
    void aRedisClusterIsAliveOnlyWhileEveryNodeIs() throws Exception {
        long self = ProcessHandle.current().pid();
        long gone = exited();
        write("redis.pid=" + self + "\nkafka.pid=" + self + "\npostgres.pid=" + gone + "\nredis.cluster.pids=" + self + "," + self + "\n");
        assertThat(LocalStack.alive(dir).stringPropertyNames()).containsExactlyInAnyOrder("redis", "kafka");

        // The first node alive, another node of the cluster gone: Redis is not running as started.
        write("redis.pid=" + self + "\nkafka.pid=" + self + "\npostgres.pid=" + self + "\nredis.cluster.pids=" + self + "," + gone + "\n");
        Properties alive = LocalStack.alive(dir);
        assertThat(alive.stringPropertyNames()).containsExactlyInAnyOrder("kafka", "postgres");

        // One node, no cluster: its one pid decides.
        write("redis.pid=" + self + "\n");
        assertThat(LocalStack.alive(dir).getProperty("redis")).isEqualTo(Long.toString(self));
    }

    private void write(String processes) throws Exception {
        Files.writeString(dir.resolve("processes.properties"), processes);
    }

    /** The pid of a process that has exited. */
    private static long exited() throws Exception {
        Process process = new ProcessBuilder("true").start();
        process.waitFor();
        return process.pid();
    }
}
