package com.platformeconomy.revctl;

import com.platformeconomy.contracts.security.JwtSigner;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A local development token, signed with the private key of the local stack (the one
 * {@code ./suite up} generated), exactly as {@code ./suite token} makes it. Never for a real
 * deployment: there, tokens come from the identity provider.
 */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Prints a local development bearer token: revctl token user:alice user")
public final class TokenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SUBJECT", description = "The account the caller acts for, e.g. user:alice, dev:acme, service:ops.")
    String subject;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "ROLE", description = "user, developer, operator, admin, service.")
    List<String> roles;

    @Option(names = "--stack-file", paramLabel = "FILE",
            description = "The stack file naming the key (default: $PES_STACK_FILE, else .suite/stack/stack.properties).")
    Path stackFile;

    @Option(names = "--private-key", paramLabel = "PEM", description = "Sign with this PKCS#8 PEM key instead of the stack's.")
    Path privateKey;

    @Option(names = "--ttl", paramLabel = "DURATION", defaultValue = "12h", converter = TtlConverter.class,
            description = "How long the token is valid (default ${DEFAULT-VALUE}).")
    Duration ttl;

    @Override
    public Integer call() throws IOException {
        Path key = privateKey != null ? privateKey : keyOfStack();
        spec.commandLine().getOut().println(JwtSigner.mint(key, subject, roles, ttl));
        return ExitCodes.OK;
    }

    private Path keyOfStack() throws IOException {
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
        String location = properties.getProperty("pes.jwt.private-key-location");
        if (location == null) {
            throw new IllegalArgumentException(file + " names no pes.jwt.private-key-location");
        }
        return Path.of(location);
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
