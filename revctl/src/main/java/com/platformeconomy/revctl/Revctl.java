package com.platformeconomy.revctl;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;

/** {@code revctl}: health checks of a deployment of the suite, and thin clients of its routes. */
@Command(name = "revctl", mixinStandardHelpOptions = true, version = "revctl 0.1.0",
        description = "Checks and drives a deployment of the Platform Economy Suite.",
        subcommands = {HealthCommand.class, DashboardCommand.class, WalletCommand.class, SettleCommand.class,
                TokenCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:every service UP / the call succeeded",
                "1:unexpected error inside revctl",
                "2:bad command line",
                "3:a service is DOWN (all answered)",
                "4:a service is unreachable (none DOWN)",
                "5:some DOWN and some unreachable",
                "6:the service answered 4xx/5xx"})
public final class Revctl implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), System.getenv(), args));
    }

    /** Runs one command line with the given output and environment; returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, Map<String, String> environment, String... args) {
        Endpoints.environment = environment;
        CommandLine commandLine = new CommandLine(new Revctl())
                .setOut(out)
                .setErr(err)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    if (e instanceof IllegalArgumentException) {
                        cmd.getErr().println("revctl: " + e.getMessage());
                        return ExitCodes.USAGE;
                    }
                    cmd.getErr().println("revctl: " + e);
                    return ExitCodes.ERROR;
                });
        int code = commandLine.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed: health, dashboard, wallet, settle or token");
    }

    /** {@code 500ms}, {@code 5s}, {@code 2m}, a bare number of seconds, or ISO-8601 ({@code PT5S}). */
    static class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase();
            try {
                if (v.startsWith("pt")) {
                    return Duration.parse(value.trim().toUpperCase());
                }
                if (v.endsWith("ms")) {
                    return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
                }
                if (v.endsWith("s")) {
                    return Duration.ofMillis((long) (Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
                }
                if (v.endsWith("m")) {
                    return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)) * 60);
                }
                return Duration.ofMillis((long) (Double.parseDouble(v) * 1000));
            } catch (RuntimeException e) {
                throw new CommandLine.TypeConversionException("not a duration: '" + value + "' (e.g. 500ms, 5s, 2m)");
            }
        }
    }
}
