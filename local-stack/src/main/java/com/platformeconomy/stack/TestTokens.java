package com.platformeconomy.stack;

import com.platformeconomy.contracts.security.JwtSigner;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;

/** Bearer tokens for tests, signed with the key pair of the stack the tests run against. */
public final class TestTokens {

    private TestTokens() {
    }

    /** A token for {@code subject} with {@code roles}, valid for an hour. */
    public static String mint(String subject, String... roles) {
        Path privateKey = Path.of(ConfigProvider.getConfig().getValue("pes.jwt.private-key-location", String.class));
        return JwtSigner.mint(privateKey, subject, List.of(roles), Duration.ofHours(1));
    }

    /** The value of an Authorization header carrying {@link #mint}. */
    public static String bearer(String subject, String... roles) {
        return "Bearer " + mint(subject, roles);
    }
}
