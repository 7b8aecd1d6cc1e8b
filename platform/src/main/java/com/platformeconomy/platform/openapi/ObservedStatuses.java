package com.platformeconomy.platform.openapi;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Tests only: when {@code pes.openapi.observed-statuses} names a file (the build sets it for every
 * module's tests), each answer this service gives is appended to it as {@code METHOD path status},
 * whoever answered (a resource, the problem mapper, the security layer, the body limit). The
 * module's {@code ObservedStatusesTest} then holds every status a test saw to the tracked
 * {@code openapi.yaml} (issue #22). Unset, as in production, nothing is installed.
 */
@ApplicationScoped
public class ObservedStatuses {

    void install(@Observes Router router, @ConfigProperty(name = "pes.openapi.observed-statuses") Optional<String> file) {
        if (file.isEmpty() || file.get().isBlank()) {
            return;
        }
        Path out = Path.of(file.get());
        startOncePerJvm(out);
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            String method = context.request().method().name();
            String path = context.request().path();
            context.addEndHandler(done -> record(out, method + " " + path + " " + context.response().getStatusCode() + "\n"));
            context.next();
        });
    }

    /**
     * Empties the file once per test JVM, so that a build without clean keeps no old answers: a
     * file last written before this JVM started is from an earlier run. (Not a flag in memory or in
     * the system properties: each Quarkus restart of a test run loads this class anew and restores
     * the system properties it found, which had emptied the file of the answers seen before a
     * {@code @TestProfile} restart.)
     */
    private static synchronized void startOncePerJvm(Path out) {
        try {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Instant jvmStart = Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
            if (!Files.exists(out) || Files.getLastModifiedTime(out).toInstant().isBefore(jvmStart)) {
                Files.writeString(out, "", StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized void record(Path out, String line) {
        try {
            Files.writeString(out, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
