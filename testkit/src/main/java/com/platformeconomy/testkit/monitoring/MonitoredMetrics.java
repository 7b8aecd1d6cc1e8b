package com.platformeconomy.testkit.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The metrics an operator's dashboard and alerts read (k8s/base/monitoring/metrics.yaml), checked
 * against what a running service serves at {@code /q/metrics}: a metric renamed or removed in code
 * fails its service's build instead of leaving a panel empty or an alert silent.
 */
public final class MonitoredMetrics {

    /** The list, from a service module's directory (where its tests run). */
    public static final Path LIST = Path.of("..", "k8s", "base", "monitoring", "metrics.yaml");

    private MonitoredMetrics() {
    }

    /** The names metrics.yaml lists under {@code service}. */
    public static List<String> of(String service) {
        try {
            JsonNode names = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(LIST)).path("services").path(service);
            if (!names.isArray() || names.isEmpty()) {
                throw new AssertionError(LIST + " lists no metrics for " + service);
            }
            List<String> out = new ArrayList<>();
            names.forEach(name -> out.add(name.asText()));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The metric names of a Prometheus text exposition (samples' names, comments skipped). */
    public static Set<String> exposed(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int end = 0;
            while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
                end++;
            }
            names.add(line.substring(0, end));
        }
        return names;
    }

    /**
     * Fails unless every metric listed for {@code service} is in the exposition {@code scrape} gives;
     * scrapes again for up to {@code seconds} (a gauge fed by a scheduled count appears after its
     * first round).
     */
    public static void assertExposed(String service, Supplier<String> scrape, int seconds) {
        List<String> listed = of(service);
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        List<String> missing;
        while (true) {
            Set<String> exposed = exposed(scrape.get());
            missing = listed.stream().filter(name -> !exposed.contains(name)).toList();
            if (missing.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(service + " does not serve " + missing + " at /q/metrics, which "
                        + LIST + " lists for the dashboard and alerts (k8s/base/monitoring)");
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
