package com.platformeconomy.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Mints RS256 bearer tokens for local development and tests: {@code sub} and {@code upn} are the
 * account the caller acts for, {@code groups} its roles (SPEC §8).
 */
public final class DevTokens {

    /** The issuer every service expects ({@code mp.jwt.verify.issuer}). */
    public static final String ISSUER = "https://platform-economy.local";

    private DevTokens() {
    }

    public static String mint(Path privateKey, String subject, Collection<String> roles, Duration ttl) {
        try {
            return sign(DevKeys.readPrivateKey(privateKey), subject, roles, Instant.now(), ttl);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the development private key " + privateKey, e);
        }
    }

    static String sign(PrivateKey key, String subject, Collection<String> roles, Instant issuedAt, Duration ttl) {
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String groups = roles.stream().map(DevTokens::quote).collect(Collectors.joining(",", "[", "]"));
        String claims = "{\"iss\":" + quote(ISSUER) + ",\"sub\":" + quote(subject) + ",\"upn\":" + quote(subject)
                + ",\"groups\":" + groups + ",\"iat\":" + issuedAt.getEpochSecond()
                + ",\"exp\":" + issuedAt.plus(ttl).getEpochSecond() + ",\"jti\":" + quote(UUID.randomUUID().toString()) + "}";
        String signingInput = base64(header) + "." + base64(claims);
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String quote(String value) {
        if (!value.matches("[A-Za-z0-9:._@/+-]+")) {
            throw new IllegalArgumentException("not a plain subject or role: " + value);
        }
        return "\"" + value + "\"";
    }
}
