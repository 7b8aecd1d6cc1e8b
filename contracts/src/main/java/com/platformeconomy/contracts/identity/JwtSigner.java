package com.platformeconomy.contracts.identity;

import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
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
 * caller acts for, {@code groups} its roles (SPEC §8), {@code kid} names the key (a JWKS lists it
 * under that id). Two kinds of token (SPEC §10):
 * <ul>
 *   <li>end-user tokens ({@link #mint}, {@link #sign(PrivateKey, String, Collection, Instant, Duration)}):
 *       issuer {@link #ISSUER}, audience {@link #USER_AUDIENCE}; the local stack's development
 *       identity provider, in a deployment the real one;</li>
 *   <li>service tokens ({@link #signService}): issued by one service with its own key, for one other
 *       service ({@link ServiceTokens}).</li>
 * </ul>
 */
public final class JwtSigner {

    /** The end-user issuer of the local stack and the default of {@code mp.jwt.verify.issuer}. */
    public static final String ISSUER = "https://platform-economy.local";
    /** The audience every service expects on an end-user token (default of {@code mp.jwt.verify.audiences}). */
    public static final String USER_AUDIENCE = "platform-economy-suite";

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

    /** An end-user token: issuer {@link #ISSUER}, audience {@link #USER_AUDIENCE}. */
    public static String sign(PrivateKey key, String subject, Collection<String> roles, Instant issuedAt, Duration ttl) {
        return sign(key, ISSUER, USER_AUDIENCE, subject, roles, issuedAt, ttl);
    }

    /**
     * The token service {@code from} presents to service {@code to}: issuer
     * {@code Services.issuer(from)}, audience {@code to}, subject and only role {@code service:<from>}.
     */
    public static String signService(PrivateKey key, String from, String to, Instant issuedAt, Duration ttl) {
        return sign(key, Services.issuer(from), to, Roles.service(from), List.of(Roles.service(from)), issuedAt, ttl);
    }

    public static String sign(PrivateKey key, String issuer, String audience, String subject, Collection<String> roles,
                              Instant issuedAt, Duration ttl) {
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"" + (key instanceof RSAPrivateCrtKey rsa
                ? ",\"kid\":" + quote(keyId(rsa.getModulus())) : "") + "}";
        String groups = roles.stream().map(JwtSigner::quote).collect(Collectors.joining(",", "[", "]"));
        String claims = "{\"iss\":" + quote(issuer) + ",\"aud\":" + quote(audience)
                + ",\"sub\":" + quote(subject) + ",\"upn\":" + quote(subject)
                + ",\"groups\":" + groups + ",\"iat\":" + issuedAt.getEpochSecond()
                + ",\"exp\":" + issuedAt.plus(ttl).getEpochSecond() + ",\"jti\":" + quote(UUID.randomUUID().toString()) + "}";
        return signRaw(key, "SHA256withRSA", header, claims);
    }

    /** Signs any header and claims as given (tests forge tokens with it); {@code jcaAlgorithm} e.g. SHA256withRSA. */
    public static String signRaw(PrivateKey key, String jcaAlgorithm, String header, String claims) {
        String signingInput = base64(header) + "." + base64(claims);
        try {
            Signature rsa = Signature.getInstance(jcaAlgorithm);
            rsa.initSign(key);
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The {@code kid} of an RSA key: the start of the SHA-256 of its modulus, base64url. */
    public static String keyId(BigInteger modulus) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(unsigned(modulus));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JWKS ({@code {"keys":[…]}}) publishing {@code key} for RS256 under its {@link #keyId}. */
    public static String jwks(RSAPublicKey key) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return "{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\"" + keyId(key.getModulus())
                + "\",\"n\":\"" + b64.encodeToString(unsigned(key.getModulus()))
                + "\",\"e\":\"" + b64.encodeToString(unsigned(key.getPublicExponent())) + "\"}]}\n";
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes.length > 1 && bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
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
