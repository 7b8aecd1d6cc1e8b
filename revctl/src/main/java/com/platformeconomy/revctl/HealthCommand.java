package com.platformeconomy.revctl;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Asks each service for {@code /q/health/ready} and {@code /q/health/live}, all at once, and
 * says which are UP, DOWN (answered, not UP: the failing checks are named) or UNREACHABLE.
 */
@Command(name = "health", mixinStandardHelpOptions = true,
        description = "Checks /q/health/ready and /q/health/live of the services; exit 0 only when all are UP.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:all UP", "3:some DOWN", "4:some unreachable", "5:some DOWN and some unreachable"})
public final class HealthCommand implements Callable<Integer> {

    enum Status { UP, DOWN, UNREACHABLE }

    /** One service's outcome. */
    record Result(Service service, String url, Status status, long latencyMillis, List<String> failing, Map<String, Object> reports) {
    }

    @Spec
    CommandSpec spec;

    @Mixin
    Endpoints endpoints;

    @Option(names = "--json", description = "Print the outcome as JSON instead of a table.")
    boolean json;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5s", converter = Revctl.DurationConverter.class,
            description = "Connect and read timeout of each request (e.g. 500ms, 5s; default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Parameters(paramLabel = "SERVICE", arity = "0..*",
            description = "Only these services (wallet, earnings, settlement, revenue, goal); default all five.")
    List<String> only = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        List<Service> services = new ArrayList<>();
        if (only.isEmpty()) {
            services.addAll(List.of(Service.values()));
        } else {
            for (String name : only) {
                services.add(Service.named(name));
            }
        }
        // One thread per service: the whole check takes as long as the slowest service.
        List<Result> results = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        Result[] slots = new Result[services.size()];
        for (int i = 0; i < services.size(); i++) {
            int slot = i;
            Service service = services.get(i);
            String url = endpoints.url(service);
            Thread thread = new Thread(() -> slots[slot] = check(service, url, timeout), "health-" + service.key);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        results.addAll(List.of(slots));

        boolean down = results.stream().anyMatch(r -> r.status == Status.DOWN);
        boolean unreachable = results.stream().anyMatch(r -> r.status == Status.UNREACHABLE);
        int code = down && unreachable ? ExitCodes.DOWN_AND_UNREACHABLE
                : down ? ExitCodes.DOWN
                : unreachable ? ExitCodes.UNREACHABLE
                : ExitCodes.OK;
        if (json) {
            printJson(results, code);
        } else {
            printTable(results, code);
        }
        return code;
    }

    static Result check(Service service, String baseUrl, Duration timeout) {
        Map<String, Object> reports = new LinkedHashMap<>();
        Set<String> failing = new LinkedHashSet<>();
        long latency = -1;
        boolean allUp = true;
        for (String probe : List.of("ready", "live")) {
            String url = baseUrl + "/q/health/" + probe;
            Http.Response response;
            try {
                response = Http.get(url, null, timeout);
            } catch (Http.Unreachable e) {
                return new Result(service, baseUrl, Status.UNREACHABLE, -1, List.of(e.getMessage() + " (" + url + ")"), reports);
            }
            if (probe.equals("ready")) {
                latency = response.millis();
            }
            Map<String, Object> report;
            try {
                report = Json.object(Json.parse(response.body()));
            } catch (IllegalArgumentException e) {
                report = Map.of();
            }
            reports.put(probe, report.isEmpty() ? Map.of("http_status", response.status()) : report);
            boolean up = response.status() == 200 && "UP".equals(report.get("status"));
            if (!up) {
                allUp = false;
                List<Object> checks = Json.array(report.get("checks"));
                boolean named = false;
                for (Object check : checks) {
                    Map<String, Object> c = Json.object(check);
                    if (!"UP".equals(c.get("status"))) {
                        failing.add(probe + ": " + c.get("name"));
                        named = true;
                    }
                }
                if (!named) {
                    failing.add(probe + ": HTTP " + response.status() + (report.isEmpty() ? " (not a health report)" : ""));
                }
            }
        }
        return new Result(service, baseUrl, allUp ? Status.UP : Status.DOWN, latency, new ArrayList<>(failing), reports);
    }

    private void printTable(List<Result> results, int code) {
        var out = spec.commandLine().getOut();
        String format = "%-28s %-12s %9s  %s%n";
        out.printf(format, "SERVICE", "STATUS", "LATENCY", "FAILING CHECKS");
        for (Result r : results) {
            out.printf(format, r.service.fullName, r.status, r.latencyMillis < 0 ? "-" : r.latencyMillis + " ms",
                    r.failing.isEmpty() ? "-" : String.join("; ", r.failing));
        }
        long up = results.stream().filter(r -> r.status == Status.UP).count();
        out.printf("%d of %d UP%s%n", up, results.size(), code == 0 ? "" : " (exit " + code + ")");
    }

    private void printJson(List<Result> results, int code) {
        List<Object> services = new ArrayList<>();
        for (Result r : results) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("service", r.service.fullName);
            entry.put("url", r.url);
            entry.put("status", r.status.name());
            entry.put("latency_ms", r.latencyMillis < 0 ? null : r.latencyMillis);
            entry.put("failing_checks", r.failing);
            entry.put("reports", r.reports);
            services.add(entry);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("status", code == ExitCodes.OK ? "UP" : code == ExitCodes.DOWN ? "DOWN"
                : code == ExitCodes.UNREACHABLE ? "UNREACHABLE" : "DOWN_AND_UNREACHABLE");
        doc.put("exit_code", code);
        doc.put("services", services);
        spec.commandLine().getOut().println(Json.pretty(doc));
    }
}
