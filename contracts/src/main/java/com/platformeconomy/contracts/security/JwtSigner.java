package com.platformeconomy.contracts.security;

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
 * Signs RS256 bearer tokens with the JDK alone: {@code sub} and {@code upn} are the account the
 * caller acts for, {@code groups} its roles (SPEC §8). Used for local development tokens and for
 * the tokens a service presents to another ({@link ServiceTokens}).
 */
public final class JwtSigner {

    /** The issuer every service expects ({@code mp.jwt.verify.issuer}). */
    public static final String ISSUER = "https://platform-economy.local";

    private JwtSigner() {
    }

    public static String mint(Path privateKey, String subject, Collection<String> roles, Duration ttl) {
        return sign(readPrivateKey(privateKey), subject, roles, Instant.now(), ttl);
    }

    /** Reads a PKCS#8 PEM RSA private key. */
    public static PrivateKey readPrivateKey(Path file) {
        try {
            String base64 = java.nio.file.Files.readString(file).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return java.security.KeyFactory.getInstance("RSA")
                    .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the private key " + file, e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("not an RSA private key: " + file, e);
        }
    }

    public static String sign(PrivateKey key, String subject, Collection<String> roles, Instant issuedAt, Duration ttl) {
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String groups = roles.stream().map(JwtSigner::quote).collect(Collectors.joining(",", "[", "]"));
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
