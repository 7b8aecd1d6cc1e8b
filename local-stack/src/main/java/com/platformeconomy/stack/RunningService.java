package com.platformeconomy.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Another service of the suite, run from its packaged jar as a real process against the same
 * stack, for tests that cross service boundaries (e.g. a tier purchase debiting the real
 * wallet-service). The jar must have been built: in the reactor, the test module declares the
 * other module as a test dependency of type pom so Maven builds it first.
 */
public final class RunningService implements AutoCloseable {

    private final String module;
    private final int port;
    private final List<String> command;
    private final Path log;
    private volatile ServerProcess process;

    private RunningService(String module, int port, List<String> command, Path log, ServerProcess process) {
        this.module = module;
        this.port = port;
        this.command = command;
        this.log = log;
        this.process = process;
    }

    /** Starts {@code module} on a free port with the current test's stack configuration and waits until it is ready. */
    public static RunningService start(String module, Map<String, String> extraEnvironment) {
        Path root = Path.of(System.getProperty("pes.suite.root", "..")).toAbsolutePath().normalize();
        Path jar = root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: package " + module + " first (./mvnw package -pl " + module + ")");
        }
        int port = ServerProcess.freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
        // The stack's pes.* settings, as system properties.
        var config = ConfigProvider.getConfig();
        for (String name : config.getPropertyNames()) {
            // Of the stack's Kafka passwords, only the service's own (its module is its application name).
            // pes.kafka.username and .password are derived from the application name (contracts'
            // microprofile-config.properties): resolved here they are the calling test's service's
            // identity, so the started service derives its own instead.
            boolean someoneElsesKafkaPassword = name.startsWith("pes.kafka.admin.")
                    || name.startsWith("pes.kafka.passwords.") && !name.equals("pes.kafka.passwords." + module)
                    || name.equals("pes.kafka.username") || name.equals("pes.kafka.password");
            // The calling module's test record of its own answers (platform ObservedStatuses) is not the started service's.
            // pes.migrations.jdbc-url is derived from pes.database: resolved here it names the calling service's database.
            if (name.startsWith("pes.") && !name.equals("pes.database") && !name.startsWith("pes.migrations.")
                    && !someoneElsesKafkaPassword
                    && !name.equals("pes.openapi.observed-statuses")
                    && !StackInfo.adminOnly(name)) {
                config.getOptionalValue(name, String.class).ifPresent(value ->
                        command.add("-D" + name + "=" + value));
            }
        }
        command.add("-Dquarkus.http.port=" + port);
        extraEnvironment.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", jar.toString())); // last, so that restart() finds the jar's folder
        Path log = Path.of("target", module + "-" + port + ".log").toAbsolutePath();
        ServerProcess process = ServerProcess.start(module, command, jar.getParent(), log, false);
        RunningService service = new RunningService(module, port, List.copyOf(command), log, process);
        Runtime.getRuntime().addShutdownHook(new Thread(service::close));
        process.awaitReady(service::ready, readyTimeout());
        return service;
    }

    /** Where the service's output goes (stdout and stderr). */
    public Path log() {
        return log;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** SIGKILL: for tests of what survives a crash. */
    public void kill() {
        process.stop("KILL", Duration.ofSeconds(10));
    }

    /**
     * Starts the service again with the same command on the same port (callers configured with its
     * URL keep reaching it) after it was killed or closed, and waits until it is ready.
     */
    public void restart() {
        if (process.alive()) {
            throw new IllegalStateException(this + " is still running: kill() or close() it first");
        }
        process = ServerProcess.start(module, command, Path.of(command.get(command.size() - 1)).getParent(), log, false);
        process.awaitReady(this::ready, readyTimeout());
    }

    /** How long a start may take: {@code -Dpes.service.ready-timeout} (ISO-8601), 90 s by default; loaded CI machines need more. */
    private static Duration readyTimeout() {
        return Duration.parse(System.getProperty("pes.service.ready-timeout", "PT90S"));
    }

    /** Whether its process is alive (ready or not). */
    public boolean alive() {
        return process.alive();
    }

    @Override
    public void close() {
        process.stop("TERM", Duration.ofSeconds(20));
    }

    private boolean ready() {
        try {
            HttpResponse<Void> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(url() + "/q/health/ready")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public String toString() {
        return module + " at " + url();
    }
}
