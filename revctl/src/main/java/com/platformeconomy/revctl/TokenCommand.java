package com.platformeconomy.revctl;

import com.platformeconomy.contracts.identity.JwtSigner;
import com.platformeconomy.contracts.identity.Roles;
import com.platformeconomy.contracts.identity.Services;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A local development token, signed with the keys of the local stack (the ones {@code ./suite up}
 * generated), exactly as {@code ./suite token} makes it: an end user's with the end-user issuer's
 * key, or, for {@code service:<name> --audience <other service>}, the token service {@code <name>}
 * presents to the other, with that service's own key (SPEC §10). Never for a real deployment:
 * there, user tokens come from the identity provider and each service signs its own.
 */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = {"Prints a local development bearer token: revctl token user:alice user",
                "or a service's: revctl token service:revenue-service --audience wallet-service"})
public final class TokenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SUBJECT", description = "The account the caller acts for, e.g. user:alice, dev:acme; or service:<name> for a service's token.")
    String subject;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "ROLE", description = "user, developer, operator, admin (none for a service).")
    List<String> roles = List.of();

    @Option(names = "--audience", paramLabel = "SERVICE",
            description = "For service:<name>: the service the token is for, e.g. wallet-service.")
    String audience;

    @Option(names = "--stack-file", paramLabel = "FILE",
            description = "The stack file naming the key (default: $PES_STACK_FILE, else .suite/stack/stack.properties).")
    Path stackFile;

    @Option(names = "--private-key", paramLabel = "PEM", description = "Sign with this PKCS#8 PEM key instead of the stack's.")
    Path privateKey;

    @Option(names = "--ttl", paramLabel = "DURATION", converter = TtlConverter.class,
            description = "How long the token is valid (default 1h for a user, the most the services accept; 5m for a service).")
    Duration ttl;

    @Override
    public Integer call() throws IOException {
        if (subject.startsWith(Roles.SERVICE_PREFIX)) {
            String from = subject.substring(Roles.SERVICE_PREFIX.length());
            if (!Services.ALL.contains(from) || audience == null || !Services.ALL.contains(audience) || !roles.isEmpty()) {
                throw new IllegalArgumentException("a service token: token service:<name> --audience <name>, names among "
                        + Services.ALL);
            }
            Path key = privateKey != null ? privateKey : Path.of(stackProperty("pes.jwt.service-private-keys-dir"), from + ".pem");
            spec.commandLine().getOut().println(JwtSigner.signService(JwtSigner.readPrivateKey(key), from, audience,
                    Instant.now(), ttl != null ? ttl : Duration.ofMinutes(5)));
            return ExitCodes.OK;
        }
        if (roles.isEmpty() || audience != null) {
            throw new IllegalArgumentException("a user's token: token SUBJECT ROLE… (--audience is for service:<name>)");
        }
        Path key = privateKey != null ? privateKey : Path.of(stackProperty("pes.jwt.private-key-location"));
        spec.commandLine().getOut().println(JwtSigner.mint(key, subject, roles, ttl != null ? ttl : Duration.ofHours(1)));
        return ExitCodes.OK;
    }

    private String stackProperty(String name) throws IOException {
        Path file = stackFile;
        if (file == null) {
            String given = Endpoints.environment.get("PES_STACK_FILE");
            file = Path.of(given != null && !given.isBlank() ? given : ".suite/stack/stack.properties");
        }
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("no stack file at " + file.toAbsolutePath()
                    + ": start the suite (./suite up), or pass --stack-file or --private-key");
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            properties.load(in);
        }
        String value = properties.getProperty(name);
        if (value == null) {
            throw new IllegalArgumentException(file + " names no " + name + ": restart the stack (./suite down; ./suite up)");
        }
        return value;
    }

    /** Adds hours to the usual durations: {@code 12h}. */
    static final class TtlConverter extends Revctl.DurationConverter {
        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase();
            if (v.endsWith("h")) {
                return Duration.ofHours(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            return super.convert(value);
        }
    }
}
