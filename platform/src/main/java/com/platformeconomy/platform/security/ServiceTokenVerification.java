package com.platformeconomy.platform.security;

import com.platformeconomy.contracts.identity.Services;
import com.platformeconomy.contracts.account.AccountIds;
import com.platformeconomy.contracts.identity.Roles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * What this service accepts from the other services of the suite (SPEC §10), used by
 * {@link VerifiedTokenCache} before any token reaches a route:
 * <ul>
 *   <li>a token whose issuer is {@code https://platform-economy.local/services/<name>} is verified
 *       with the public key of service {@code <name>} only ({@code <pes.jwt.service-public-keys-dir>/<name>.pem};
 *       a service whose key is not there is not trusted at all), RS256 only, audience this service,
 *       lifetime and age at most {@link ServiceTokens#TTL}; its subject and its only role must be
 *       {@code service:<name>};</li>
 *   <li>every other token goes to the end-user issuer's verification (SmallRye's own, configured by
 *       {@code mp.jwt.*}) and is refused if it names a service in its roles or subject: the end-user
 *       issuer cannot make a service.</li>
 * </ul>
 */
@ApplicationScoped
public class ServiceTokenVerification {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String self;
    private final Optional<Path> publicKeysDir;
    private final Map<String, Optional<JWTAuthContextInfo>> contexts = new ConcurrentHashMap<>();

    public ServiceTokenVerification(@ConfigProperty(name = "quarkus.application.name") String self,
                                    @ConfigProperty(name = "pes.jwt.service-public-keys-dir") Optional<String> publicKeysDir) {
        this.self = self;
        this.publicKeysDir = publicKeysDir.filter(s -> !s.isBlank()).map(Path::of);
    }

    /** The {@code iss} claim of a token not verified yet (only to choose how to verify it), or null. */
    public static String unverifiedIssuer(String token) throws ParseException {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new ParseException("not a signed JWT");
        }
        try {
            JsonNode iss = JSON.readTree(Base64.getUrlDecoder().decode(parts[1])).get("iss");
            return iss != null && iss.isTextual() ? iss.asText() : null;
        } catch (IOException | IllegalArgumentException e) {
            throw new ParseException("unreadable JWT claims", e);
        }
    }

    public static boolean isServiceIssuer(String issuer) {
        return issuer != null && issuer.startsWith(Services.ISSUER_PREFIX);
    }

    /** How to verify a token from {@code issuer}, a service issuer; refused when that service is not trusted here. */
    public JWTAuthContextInfo contextFor(String issuer) throws ParseException {
        String service = Services.ofIssuer(issuer);
        if (service == null) {
            throw new ParseException("unknown service issuer " + issuer);
        }
        Optional<JWTAuthContextInfo> context = contexts.computeIfAbsent(service, this::load);
        if (context.isEmpty()) {
            throw new ParseException(self + " does not trust " + service + ": no public key for it");
        }
        return context.get();
    }

    /** After the signature checked out: the token's subject and only role are the issuing service. */
    public void requireServiceClaims(JsonWebToken token, String issuer) throws ParseException {
        String role = Roles.service(Services.ofIssuer(issuer));
        if (!role.equals(token.getSubject()) || !Set.of(role).equals(token.getGroups())) {
            throw new ParseException("a service token names its own service as subject and only role");
        }
    }

    /**
     * The account a token acts for is its subject, and only that: Quarkus' principal name is
     * {@code upn}, else {@code preferred_username}, else {@code sub}, and ownership checks compare
     * the principal name, so a token whose {@code upn} or {@code preferred_username} names someone
     * else (a service token with {@code upn: user:alice}, or an identity provider that lets users
     * choose their username) is refused rather than trusted to act for that other account.
     */
    public static void requireOneName(JsonWebToken token) throws ParseException {
        String subject = token.getSubject();
        if (subject == null || !subject.equals(token.getName())) {
            throw new ParseException("the token's upn or preferred_username is not its subject");
        }
    }

    /**
     * A token issued in the future is refused: SmallRye checks {@code exp − iat} against the
     * maximum lifetime and {@code now − iat} against the maximum age, so an {@code iat} a year
     * ahead would otherwise make a 5-minute token last a year. One minute of clock skew is allowed.
     */
    public static void refuseFutureIssue(JsonWebToken token, long nowSeconds) throws ParseException {
        if (token.getIssuedAtTime() > nowSeconds + 60) {
            throw new ParseException("the token is issued in the future");
        }
    }

    /** An end-user token never names a service. */
    public static void refuseServiceClaims(JsonWebToken token) throws ParseException {
        if (Roles.namesAService(token.getSubject()) || Roles.namesAService(token.getName())
                || token.getGroups().stream().anyMatch(Roles::namesAService)) {
            throw new ParseException("the end-user issuer cannot grant a service identity");
        }
    }

    /**
     * Refuses an end-user token that names a system account (the treasury, the platform's revenue,
     * escrow): no person owns one, and ownership by name would let its holder read and debit it.
     */
    public static void refuseSystemAccounts(JsonWebToken token) throws ParseException {
        if (AccountIds.namesASystemAccount(token.getSubject()) || AccountIds.namesASystemAccount(token.getName())) {
            throw new ParseException("an end-user token cannot name a system account");
        }
    }

    private Optional<JWTAuthContextInfo> load(String service) {
        if (publicKeysDir.isEmpty()) {
            return Optional.empty();
        }
        Path file = publicKeysDir.get().resolve(service + ".pem");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        JWTAuthContextInfo context = new JWTAuthContextInfo(readPublicKey(file), Services.issuer(service));
        context.setExpectedAudience(Set.of(self));
        context.setSignatureAlgorithm(Set.of(SignatureAlgorithm.RS256));
        context.setMaxTimeToLiveSecs(ServiceTokens.TTL.toSeconds());
        context.setTokenAge(ServiceTokens.TTL.toSeconds());
        context.setRequiredClaims(Set.of("iss", "aud", "sub", "iat", "exp"));
        return Optional.of(context);
    }

    static PublicKey readPublicKey(Path file) {
        try {
            String base64 = Files.readString(file, StandardCharsets.US_ASCII).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the public key " + file, e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("not an RSA public key: " + file, e);
        }
    }
}
