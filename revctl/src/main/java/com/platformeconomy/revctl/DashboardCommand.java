package com.platformeconomy.revctl;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code GET /api/revenue/dashboard?period_days=} of revenue-service (SPEC §6). */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
        description = "The revenue dashboard: revenue, 90/9/1 shares, trading funding, compute borrowing.")
public final class DashboardCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    Endpoints endpoints;

    @Option(names = "--period-days", paramLabel = "DAYS", defaultValue = "30", description = "Period in days (default ${DEFAULT-VALUE}).")
    int periodDays;

    @Option(names = "--json", description = "Print the answer as JSON.")
    boolean json;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s", converter = Revctl.DurationConverter.class,
            description = "Request timeout (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() {
        if (periodDays < 1) {
            throw new IllegalArgumentException("--period-days must be at least 1");
        }
        return Client.call(spec, endpoints, Service.REVENUE, "GET", "/api/revenue/dashboard?period_days=" + periodDays, null, json, timeout);
    }
}
