package com.platformeconomy.platform.openapi;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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

    private static final String TRUNCATED = "pes.openapi.observed-statuses.truncated";

    void install(@Observes Router router, @ConfigProperty(name = "pes.openapi.observed-statuses") Optional<String> file) {
        if (file.isEmpty() || file.get().isBlank()) {
            return;
        }
        Path out = Path.of(file.get());
        // The file starts empty once per test JVM (a build without clean must not keep old answers);
        // the flag is a system property because each Quarkus restart of a test run loads this class anew.
        synchronized (System.class) {
            if (System.getProperty(TRUNCATED) == null) {
                try {
                    Files.createDirectories(out.toAbsolutePath().getParent());
                    Files.writeString(out, "", StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                System.setProperty(TRUNCATED, "true");
            }
        }
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            String method = context.request().method().name();
            String path = context.request().path();
            context.addEndHandler(done -> record(out, method + " " + path + " " + context.response().getStatusCode() + "\n"));
            context.next();
        });
    }

    private static synchronized void record(Path out, String line) {
        try {
            Files.writeString(out, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
