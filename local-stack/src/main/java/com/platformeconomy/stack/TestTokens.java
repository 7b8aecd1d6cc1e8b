package com.platformeconomy.stack;

import com.platformeconomy.contracts.identity.JwtSigner;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;

/** Bearer tokens for tests, signed with the keys of the stack the tests run against. */
public final class TestTokens {

    private TestTokens() {
    }

    /** An end-user token for {@code subject} with {@code roles}, valid for an hour (the longest users' tokens may live). */
    public static String mint(String subject, String... roles) {
        return JwtSigner.sign(userKey(), subject, List.of(roles), Instant.now(), Duration.ofHours(1));
    }

    /** The value of an Authorization header carrying {@link #mint}. */
    public static String bearer(String subject, String... roles) {
        return "Bearer " + mint(subject, roles);
    }

    /**
     * The token service {@code from} (e.g. {@code developer-earnings-service}) presents to service
     * {@code to}, signed with {@code from}'s own key, valid for five minutes: what {@code ServiceTokens}
     * of {@code from} makes.
     */
    public static String service(String from, String to) {
        return JwtSigner.signService(serviceKey(from), from, to, Instant.now(), Duration.ofMinutes(5));
    }

    /** The end-user issuer's private key of the stack. */
    public static PrivateKey userKey() {
        return JwtSigner.readPrivateKey(Path.of(config("pes.jwt.private-key-location")));
    }

    /** Service {@code name}'s private key of the stack. */
    public static PrivateKey serviceKey(String name) {
        return JwtSigner.readPrivateKey(Path.of(config("pes.jwt.service-private-keys-dir"), name + ".pem"));
    }

    private static String config(String key) {
        return ConfigProvider.getConfig().getValue(key, String.class);
    }
}
