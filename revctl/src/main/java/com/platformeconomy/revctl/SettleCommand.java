package com.platformeconomy.revctl;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code POST /api/admin/settlements/run} of settlement-service (SPEC §5): settle now. Needs an admin token. */
@Command(name = "settle", mixinStandardHelpOptions = true,
        description = "Runs a settlement now (admin): settled count, spark awarded, USD settled, written off.")
public final class SettleCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    Endpoints endpoints;

    @Option(names = "--json", description = "Print the answer as JSON.")
    boolean json;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s", converter = Revctl.DurationConverter.class,
            description = "Request timeout (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() {
        return Client.call(spec, endpoints, Service.SETTLEMENT, "POST", "/api/admin/settlements/run", "{}", json, timeout);
    }
}
