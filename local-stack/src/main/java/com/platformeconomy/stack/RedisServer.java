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

    /**
     * The redis-server the stack runs: embedded-redis' (6.2, from Maven Central, so a fresh machine
     * needs nothing) or, when {@code pes.redis.server} (PES_REDIS_SERVER) names one, that binary, e.g.
     * Debian's 7.x, the line production runs (k8s), whose WAIT and DEBUG differ from 6.2's.
     */
    static Path binary() {
        String chosen = System.getProperty("pes.redis.server", System.getenv("PES_REDIS_SERVER"));
        if (chosen != null && !chosen.isBlank()) {
            return Path.of(chosen);
        }
        return Binaries.extractExecutable(Binaries.jar("embedded-redis"),
                name -> name.startsWith("redis-server-") && name.endsWith(Binaries.platform()));
    }

    static String version(Path binary) {
        String out = ServerProcess.run(List.of(binary.toString(), "--version"), binary.getParent(), Duration.ofSeconds(10));
        int v = out.indexOf("v=");
        return v < 0 ? out.trim() : out.substring(v + 2, out.indexOf(' ', v));
    }

    /** The user wallet-service signs in as; its rules are {@code redis/wallet-service.acl}. */
    static final String WALLET_USER = "wallet-service";
    /** The user of people and tests that look at (or, in fault tests, damage) the stack's Redis. */
    static final String ADMIN_USER = "admin";
    static final String ACL_FILE = "users.acl";

    /**
     * Writes the ACL file of the stack's Redis: no default user (a client that has not signed in
     * can do nothing), {@link #ADMIN_USER} with every command, and {@link #WALLET_USER} limited to
     * what wallet-service runs. Passwords are stored as SHA-256 (Redis' {@code #} form), the file
     * readable by its owner only.
     */
    static void writeAcl(Path dir, String adminPassword, String walletPassword) throws java.io.IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(ACL_FILE);
        Files.writeString(file, String.join("\n",
                "user default off resetkeys resetchannels -@all",
                "user " + ADMIN_USER + " on #" + sha256(adminPassword) + " ~* &* +@all",
                "user " + WALLET_USER + " on #" + sha256(walletPassword) + " " + walletRules(),
                ""));
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the folder's own permissions apply.
        }
    }

    /** The rules of {@code redis/wallet-service.acl}, comments dropped. */
    static String walletRules() {
        try (var in = RedisServer.class.getResourceAsStream("/redis/wallet-service.acl")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#")).map(String::strip)
                    .reduce((a, b) -> a + " " + b).orElseThrow();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String sha256(String password) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(password.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static ServerProcess start(Path dir, int port, List<String> extraArgs, boolean detached) throws java.io.IOException {
        Path binary = binary();
        Files.createDirectories(dir);
        List<String> command = new ArrayList<>(List.of(binary.toString(),
                "--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir", dir.toString(),
                "--aclfile", dir.resolve(ACL_FILE).toString(),
                "--save", "", "--appendonly", "no", "--daemonize", "no",
                // As in k8s: a bound on memory and no eviction, so Redis refuses writes when full
                // rather than forget an idempotency record or a balance (README "Idempotency").
                "--maxmemory", "2gb", "--maxmemory-policy", "noeviction"));
        if (!version(binary).startsWith("6.")) {
            // Redis 7 refuses DEBUG to everyone unless asked, before its ACL: enabled for local connections so that
            // RedisAclTest sees the ACL refuse it to the service user, as on 6.2.
            command.addAll(List.of("--enable-debug-command", "local"));
        }
        command.addAll(extraArgs);
        ServerProcess redis = ServerProcess.start("redis", command, dir, dir.resolve("redis.log"), detached);
        redis.awaitReady(() -> ServerProcess.listening("127.0.0.1", port), Duration.ofSeconds(20));
        return redis;
    }
}
