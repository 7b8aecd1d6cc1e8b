package com.platformeconomy.contracts.security;

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
 * Remembers, for a minute, that an exact bearer token string verified: a caller presenting the
 * same token again (a service charging thousands of times a second) is not RSA-verified again.
 * A token is reused only byte for byte and never past its {@code exp}; anything else goes to the
 * real parser.
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

    @Inject
    protected VerifiedTokenCache(@Delegate JWTParser parser) {
        this.parser = parser;
    }

    @Override
    public JsonWebToken parse(String bearerToken) throws ParseException {
        long now = System.currentTimeMillis();
        Verified known = VERIFIED.get(bearerToken);
        if (known != null && now < known.reusableUntil()) {
            return known.token();
        }
        JsonWebToken token = parser.parse(bearerToken);
        if (VERIFIED.size() >= MAX_TOKENS) {
            VERIFIED.clear();
        }
        VERIFIED.put(bearerToken, new Verified(token, Math.min(now + REUSE_MILLIS, token.getExpirationTime() * 1000)));
        return token;
    }
}
