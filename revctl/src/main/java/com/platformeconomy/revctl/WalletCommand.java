package com.platformeconomy.revctl;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** wallet-service's routes (SPEC §3, §9). */
@Command(name = "wallet", mixinStandardHelpOptions = true, description = "wallet-service.",
        subcommands = WalletCommand.Balance.class)
public final class WalletCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a wallet command is needed: balance ACCOUNT");
    }

    /** {@code GET /v1/wallets/{account}}. */
    @Command(name = "balance", mixinStandardHelpOptions = true, description = "An account's balance, held amount and available amount.")
    public static final class Balance implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        Endpoints endpoints;

        @Parameters(paramLabel = "ACCOUNT", description = "e.g. user:alice, dev:acme, platform:treasury")
        String account;

        @Option(names = "--json", description = "Print the answer as JSON.")
        boolean json;

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s", converter = Revctl.DurationConverter.class,
                description = "Request timeout (default ${DEFAULT-VALUE}).")
        Duration timeout;

        @Override
        public Integer call() {
            return Client.call(spec, endpoints, Service.WALLET, "GET", "/v1/wallets/" + Client.segment(account), null, json, timeout);
        }
    }
}
