package com.platformeconomy.platform.security;

import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The one place bearer tokens are verified (SPEC §10), wrapped around SmallRye's parser:
 * <ul>
 *   <li>a token from a service issuer is verified against that service's own public key, for this
 *       service as audience ({@link ServiceTokenVerification});</li>
 *   <li>any other token is verified as an end-user token by SmallRye's configured parser (the
 *       end-user issuer's JWKS, RS256, audience, maximum lifetime) and refused if it claims a service
 *       identity.</li>
 * </ul>
 * Remembers, for a minute, that an exact bearer token string verified: a caller presenting the
 * same token again (a service charging thousands of times a second) is not RSA-verified again.
 * A token is reused only byte for byte and never past its {@code exp}; anything else is verified.
 */
@Decorator
@Priority(10)
@Dependent
public abstract class VerifiedTokenCache implements JWTParser {

    private static final long REUSE_MILLIS = 60_000;
    private static final int MAX_TOKENS = 10_000;
    private static final Map<String, Verified> VERIFIED = new ConcurrentHashMap<>();

    private record Verified(JsonWebToken token, long reusableUntil) {
    }

    private final JWTParser parser;
    private final ServiceTokenVerification services;

    @Inject
    protected VerifiedTokenCache(@Delegate JWTParser parser, ServiceTokenVerification services) {
        this.parser = parser;
        this.services = services;
    }

    @Override
    public JsonWebToken parse(String bearerToken) throws ParseException {
        long now = System.currentTimeMillis();
        Verified known = VERIFIED.get(bearerToken);
        if (known != null && now < known.reusableUntil()) {
            return known.token();
        }
        JsonWebToken token = verify(bearerToken);
        if (VERIFIED.size() >= MAX_TOKENS) {
            VERIFIED.clear();
        }
        VERIFIED.put(bearerToken, new Verified(token, Math.min(now + REUSE_MILLIS, token.getExpirationTime() * 1000)));
        return token;
    }

    private JsonWebToken verify(String bearerToken) throws ParseException {
        String issuer = ServiceTokenVerification.unverifiedIssuer(bearerToken);
        JsonWebToken token;
        if (ServiceTokenVerification.isServiceIssuer(issuer)) {
            token = parser.parse(bearerToken, services.contextFor(issuer));
            services.requireServiceClaims(token, issuer);
        } else {
            token = parser.parse(bearerToken);
            ServiceTokenVerification.refuseServiceClaims(token);
            ServiceTokenVerification.refuseSystemAccounts(token);
        }
        ServiceTokenVerification.requireOneName(token);
        ServiceTokenVerification.refuseFutureIssue(token, System.currentTimeMillis() / 1000);
        return token;
    }
}
