package com.platformeconomy.stack;

import com.platformeconomy.contracts.security.JwtSigner;
import org.apache.kafka.clients.admin.Admin;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;

/**
 * The local stack from the command line, as {@code ./suite} uses it:
 * <pre>
 *   up DIR                       start Redis, Kafka and PostgreSQL; print where they listen
 *   down DIR                     stop them
 *   status DIR                   exit 0 only if all three are alive
 *   env DIR                      the servers as environment variables for the services
 *   token DIR SUBJECT ROLE...    a development bearer token (valid 12 hours)
 *   lag DIR [MILLIS]             each Kafka consumer group's lag, then the total on the last line;
 *                                with MILLIS, one line every MILLIS ms until stopped:
 *                                epoch-ms total group=lag…
 * </pre>
 */
public final class LocalStackMain {

    private LocalStackMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            usage();
        }
        Path dir = Path.of(args[1]).toAbsolutePath();
        switch (args[0]) {
            case "up" -> {
                long started = System.nanoTime();
                StackInfo info = LocalStack.start(dir, true).info();
                System.out.printf("local stack up in %.1f s: %s%n", (System.nanoTime() - started) / 1e9, info.describe());
            }
            case "down" -> LocalStack.stop(dir);
            case "status" -> {
                Properties alive = LocalStack.alive(dir);
                alive.forEach((name, pid) -> System.out.println(name + " running (pid " + pid + ")"));
                System.exit(alive.size() == 3 ? 0 : 1);
            }
            case "env" -> {
                for (Map.Entry<String, String> entry : StackInfo.read(LocalStack.stackFile(dir)).config().entrySet()) {
                    // pes.redis.port -> PES_REDIS_PORT, the MicroProfile Config form of the key.
                    System.out.println(entry.getKey().toUpperCase().replaceAll("[^A-Z0-9]", "_") + "=" + entry.getValue());
                }
            }
            case "token" -> {
                if (args.length < 4) {
                    usage();
                }
                StackInfo info = StackInfo.read(LocalStack.stackFile(dir));
                System.out.println(JwtSigner.mint(info.privateKey(), args[2],
                        Arrays.asList(args).subList(3, args.length), Duration.ofHours(12)));
            }
            case "lag" -> {
                try (Admin admin = ConsumerLag.admin(StackInfo.read(LocalStack.stackFile(dir)))) {
                    if (args.length < 3) {
                        Map<String, Long> lag = ConsumerLag.perGroup(admin);
                        lag.forEach((group, behind) -> System.out.println(group + " " + behind));
                        System.out.println("total " + lag.values().stream().mapToLong(Long::longValue).sum());
                        return;
                    }
                    long every = Long.parseLong(args[2]);
                    while (true) {
                        long now = System.currentTimeMillis();
                        Map<String, Long> lag = ConsumerLag.perGroup(admin);
                        StringBuilder line = new StringBuilder().append(now).append(' ')
                                .append(lag.values().stream().mapToLong(Long::longValue).sum());
                        lag.forEach((group, behind) -> line.append(' ').append(group).append('=').append(behind));
                        System.out.println(line);
                        System.out.flush();
                        Thread.sleep(Math.max(0, now + every - System.currentTimeMillis()));
                    }
                }
            }
            default -> usage();
        }
    }

    private static void usage() {
        System.err.println("usage: LocalStackMain up|down|status|env DIR | lag DIR [MILLIS] | token DIR SUBJECT ROLE...");
        System.exit(2);
    }
}
