package com.platformeconomy.platform.page;

import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.ws.rs.core.NewCookie;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Signing in to the services' web pages: the pasted token is checked ({@link #check}) and the
 * service keeps a session it sealed itself ({@link PageSessions}), never the token, in an HttpOnly,
 * SameSite=Strict cookie (page scripts cannot read it, other sites cannot make the browser send it).
 * The cookie signs in to the pages only: {@link PageCookieAuthentication} opens it on the paths a
 * service names in {@code pes.pages.paths}, and the JSON routes read the Authorization header alone
 * (SmallRye JWT's default), where the cookie's value is no token. Every form of the pages, the
 * sign-in form's included, carries a CSRF token ({@link PageGuard}).
 */
public final class PageSession {

    public static final String COOKIE = "pes_session";
    /**
     * Browsers keep cookies of up to 4 KiB and the sealed session is about a third longer than its
     * token; the suite's tokens are well under 1 KiB.
     */
    static final int MAX_TOKEN_CHARS = 2800;

    private PageSession() {
    }

    /** A pasted token: verified (then {@code error} is null) or refused with the reason to show. */
    public record SignIn(String token, long expiresAt, String error) {

        public boolean accepted() {
            return error == null;
        }
    }

    /**
     * Checks a token pasted into a sign-in form exactly as the API would (signature, issuer,
     * expiry) and that it carries one of {@code roles}. A leading "Bearer " is ignored.
     */
    public static SignIn check(JWTParser parser, String pasted, Set<String> roles) {
        String token = pasted == null ? "" : pasted.strip();
        if (token.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = token.substring(7).strip();
        }
        if (token.isEmpty()) {
            return refused("Paste a token: ./suite token SUBJECT ROLE prints one.");
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            return refused("That is not a token of this suite: it is longer than " + MAX_TOKEN_CHARS + " characters.");
        }
        JsonWebToken jwt;
        try {
            jwt = parser.parse(token);
        } catch (ParseException e) {
            return refused("That token was refused: it is malformed, expired, or not signed by this suite's key.");
        }
        if (jwt.getGroups().stream().noneMatch(roles::contains)) {
            return refused("That token is valid but has none of the roles this page needs: " + String.join(", ",
                    roles.stream().sorted().toList()) + ".");
        }
        return new SignIn(token, jwt.getExpirationTime(), null);
    }

    private static SignIn refused(String reason) {
        return new SignIn(null, 0, reason);
    }

    /**
     * The session cookie with {@code value} (a sealed session) until {@code expiresAt} (epoch
     * seconds), sent by the browser to {@code path} (the pages' prefix) only.
     */
    static NewCookie cookie(String value, long expiresAt, String path, boolean secure) {
        long secondsLeft = Math.max(1, expiresAt - System.currentTimeMillis() / 1000);
        return build(value, (int) Math.min(Integer.MAX_VALUE, secondsLeft), path, secure);
    }

    /** Clears the browser's copy of the session ({@link PageSessions#end} ends the session itself). */
    static NewCookie cleared(String path, boolean secure) {
        return build("", 0, path, secure);
    }

    private static NewCookie build(String value, int maxAgeSeconds, String path, boolean secure) {
        return new NewCookie.Builder(COOKIE).value(value).path(path).httpOnly(true).secure(secure)
                .sameSite(NewCookie.SameSite.STRICT).maxAge(maxAgeSeconds).build();
    }
}
