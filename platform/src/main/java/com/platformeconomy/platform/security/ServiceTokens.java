package com.platformeconomy.platform.security;

import com.platformeconomy.contracts.identity.JwtSigner;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The bearer token this service presents when it calls another service of the suite (SPEC §10):
 * issuer {@code https://platform-economy.local/services/<this service>}, audience the service
 * called, subject and only role {@code service:<this service>}, signed with this service's own key
 * and valid for {@link #TTL}. One token per audience, renewed when less than {@link #RENEW_BEFORE}
 * of its life is left, so a caller making thousands of calls a second signs one token every few
 * minutes and the callee verifies it once ({@link VerifiedTokenCache}).
 *
 * <p>The key: {@code pes.jwt.service-private-key-location} (a Kubernetes Secret of this service
 * alone), else {@code <pes.jwt.service-private-keys-dir>/<this service>.pem} (the local stack keeps
 * one key per service in one folder).
 */
@ApplicationScoped
public class ServiceTokens {

    /** How long a service token lives; the verifier refuses longer ones. */
    public static final Duration TTL = Duration.ofMinutes(5);
    /** A cached token is replaced when less than this is left, so none expires in flight. */
    public static final Duration RENEW_BEFORE = Duration.ofMinutes(2);

    private final Optional<String> privateKeyLocation;
    private final Optional<String> privateKeysDir;
    private final String name;
    private final Map<String, Minted> byAudience = new ConcurrentHashMap<>();
    private volatile PrivateKey key;

    private record Minted(String bearer, Instant renewAt) {
    }

    public ServiceTokens(@ConfigProperty(name = "pes.jwt.service-private-key-location") Optional<String> privateKeyLocation,
                         @ConfigProperty(name = "pes.jwt.service-private-keys-dir") Optional<String> privateKeysDir,
                         @ConfigProperty(name = "quarkus.application.name") String applicationName) {
        this.privateKeyLocation = privateKeyLocation.filter(s -> !s.isBlank());
        this.privateKeysDir = privateKeysDir.filter(s -> !s.isBlank());
        this.name = applicationName;
    }

    /** The value of an Authorization header for a call to service {@code audience} (e.g. {@link Services#WALLET}). */
    public String bearer(String audience) {
        Instant now = Instant.now();
        Minted minted = byAudience.get(audience);
        if (minted == null || !now.isBefore(minted.renewAt())) {
            minted = byAudience.compute(audience, (aud, current) -> current != null && now.isBefore(current.renewAt())
                    ? current
                    : new Minted("Bearer " + JwtSigner.signService(key(), name, aud, now, TTL), now.plus(TTL).minus(RENEW_BEFORE)));
        }
        return minted.bearer();
    }

    private PrivateKey key() {
        PrivateKey current = key;
        if (current == null) {
            Path file = privateKeyLocation.map(Path::of)
                    .or(() -> privateKeysDir.map(dir -> Path.of(dir, name + ".pem")))
                    .orElseThrow(() -> new IllegalStateException("neither pes.jwt.service-private-key-location nor "
                            + "pes.jwt.service-private-keys-dir is set: " + name + " cannot call the other services"));
            current = JwtSigner.readPrivateKey(file);
            key = current;
        }
        return current;
    }
}
