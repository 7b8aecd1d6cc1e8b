package com.platformeconomy.stack;

import com.platformeconomy.contracts.identity.JwtSigner;
import com.platformeconomy.contracts.identity.Roles;
import org.apache.kafka.clients.admin.Admin;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
 *   token DIR SUBJECT ROLE...    a development end-user bearer token (valid 1 hour, the
 *                                longest the services accept from the end-user issuer)
 *   token DIR service:FROM --audience TO
 *                                the token service FROM presents to service TO, signed with
 *                                FROM's own key (valid 5 minutes)
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
                for (Map.Entry<String, String> entry : StackInfo.read(LocalStack.stackFile(dir)).serviceConfig().entrySet()) {
                    // pes.redis.port -> PES_REDIS_PORT, the MicroProfile Config form of the key.
                    System.out.println(entry.getKey().toUpperCase().replaceAll("[^A-Z0-9]", "_") + "=" + entry.getValue());
                }
            }
            case "token" -> {
                if (args.length < 4) {
                    usage();
                }
                StackInfo info = StackInfo.read(LocalStack.stackFile(dir));
                String subject = args[2];
                if (subject.startsWith(Roles.SERVICE_PREFIX)) {
                    if (args.length != 5 || !args[3].equals("--audience")) {
                        usage();
                    }
                    String from = subject.substring(Roles.SERVICE_PREFIX.length());
                    Path key = Path.of(info.config().get("pes.jwt.service-private-keys-dir"), from + ".pem");
                    System.out.println(JwtSigner.signService(JwtSigner.readPrivateKey(key), from, args[4],
                            Instant.now(), Duration.ofMinutes(5)));
                } else {
                    System.out.println(JwtSigner.mint(info.privateKey(), subject,
                            Arrays.asList(args).subList(3, args.length), Duration.ofHours(1)));
                }
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
        System.err.println("usage: LocalStackMain up|down|status|env DIR | lag DIR [MILLIS] | token DIR SUBJECT ROLE... | token DIR service:FROM --audience TO");
        System.exit(2);
    }
}
