package com.platformeconomy.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real redis-server (6.2: Lua, streams, XAUTOCLAIM) from the embedded-redis jar on Maven Central,
 * which ships binaries for Linux and macOS. Nothing is kept on disk unless extra arguments ask for
 * it (the fault tests turn on AOF).
 */
final class RedisServer {

    private RedisServer() {
    }

    static Path binary() {
        return Binaries.extractExecutable(Binaries.jar("embedded-redis"),
                name -> name.startsWith("redis-server-") && name.endsWith(Binaries.platform()));
    }

    static String version(Path binary) {
        String out = ServerProcess.run(List.of(binary.toString(), "--version"), binary.getParent(), Duration.ofSeconds(10));
        int v = out.indexOf("v=");
        return v < 0 ? out.trim() : out.substring(v + 2, out.indexOf(' ', v));
    }

    static ServerProcess start(Path dir, int port, List<String> extraArgs, boolean detached) throws java.io.IOException {
        Path binary = binary();
        Files.createDirectories(dir);
        List<String> command = new ArrayList<>(List.of(binary.toString(),
                "--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir", dir.toString(),
                "--save", "", "--appendonly", "no", "--daemonize", "no",
                // As in k8s: a bound on memory and no eviction, so Redis refuses writes when full
                // rather than forget an idempotency record or a balance (README "Idempotency").
                "--maxmemory", "2gb", "--maxmemory-policy", "noeviction"));
        command.addAll(extraArgs);
        ServerProcess redis = ServerProcess.start("redis", command, dir, dir.resolve("redis.log"), detached);
        redis.awaitReady(() -> ServerProcess.listening("127.0.0.1", port), Duration.ofSeconds(20));
        return redis;
    }
}
