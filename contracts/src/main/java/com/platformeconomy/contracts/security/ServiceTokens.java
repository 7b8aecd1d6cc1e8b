package com.platformeconomy.contracts.security;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The bearer token this service presents when it calls another service of the suite: subject
 * {@code service:<application name>}, role {@code service}, signed with the key the deployment
 * gives it ({@code pes.jwt.private-key-location}: the stack's key locally, a mounted Secret in
 * Kubernetes). Renewed when half its life has passed.
 */
@ApplicationScoped
public class ServiceTokens {

    private static final Duration TTL = Duration.ofHours(1);

    private final Optional<String> privateKeyLocation;
    private final String subject;
    private PrivateKey key;
    private String token;
    private Instant renewAt = Instant.MIN;

    public ServiceTokens(@ConfigProperty(name = "pes.jwt.private-key-location") Optional<String> privateKeyLocation,
                         @ConfigProperty(name = "quarkus.application.name") String applicationName) {
        this.privateKeyLocation = privateKeyLocation;
        this.subject = "service:" + applicationName;
    }

    /** The value of an Authorization header. */
    public synchronized String bearer() {
        Instant now = Instant.now();
        if (now.isAfter(renewAt)) {
            if (key == null) {
                key = JwtSigner.readPrivateKey(Path.of(privateKeyLocation.orElseThrow(() -> new IllegalStateException(
                        "pes.jwt.private-key-location is not set: this service cannot call the others"))));
            }
            token = JwtSigner.sign(key, subject, List.of(Roles.SERVICE), now, TTL);
            renewAt = now.plus(TTL.dividedBy(2));
        }
        return "Bearer " + token;
    }
}
