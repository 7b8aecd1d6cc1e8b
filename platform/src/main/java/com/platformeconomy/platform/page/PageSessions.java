package com.platformeconomy.platform.page;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.NewCookie;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The pages' sessions (SPEC §10: the page cookie signs in to pages only). The {@code pes_session}
 * cookie holds a value this service made, never the token itself: the verified token with a random
 * session id and the token's expiry, sealed with AES-256-GCM under a key made from the pages'
 * secret ({@link PageKey}) and bound to the service's name. So
 * <ul>
 * <li>a stolen cookie is no bearer token: sent in an Authorization header it is no JWT and every
 * JSON route refuses it, and only this service's pages open it ({@link PageCookieAuthentication});</li>
 * <li>a token planted as the cookie, a cookie changed in one bit, or one sealed by another service
 * or under another secret opens nowhere: the page asks to sign in again;</li>
 * <li>signing out ends the session, not only the browser's copy: its id is kept in
 * {@code page_session_ended} until the token would have expired, and every replica (one database)
 * refuses a cookie of an ended session.</li>
 * </ul>
 * Whoever holds the pages' secret can open a session (and read its token) and seal new ones: the
 * secret guards the sessions as the signing key guards the tokens. Losing the table's rows (a
 * restore from before a sign-out) brings those sessions back until their tokens expire.
 * <p>
 * A service with pages creates that table with a Flyway migration (copy {@code db/page/page_session_ended.sql}
 * of this module into its own {@code db/migration} as its next version).
 */
@ApplicationScoped
public class PageSessions {

    /** The cookie's format; a later format may be told apart by it. */
    static final String VERSION = "s1.";
    private static final Logger LOG = Logger.getLogger(PageSessions.class);
    private static final int NONCE_BYTES = 12;
    private static final int ID_BYTES = 16;
    private static final int TAG_BITS = 128;
    /** Browsers keep cookies of up to 4 KiB; the seal adds about a third to the token. */
    private static final int MAX_COOKIE_CHARS = 4000;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private static final String ENDED = "SELECT 1 FROM page_session_ended WHERE session_id = $1";
    /**
     * Ending a session also forgets the ended sessions whose tokens expired over an hour ago (by the
     * database's clock: the hour covers a replica's clock behind it, which still takes the cookie).
     */
    private static final String END = """
            WITH forgotten AS (DELETE FROM page_session_ended WHERE expires_at < now() - interval '1 hour')
            INSERT INTO page_session_ended (session_id, expires_at) VALUES ($1, $2) ON CONFLICT (session_id) DO NOTHING""";

    /** An opened cookie: its session's id, the token it signs in with, and when that token expires (epoch seconds). */
    public record Session(String id, String token, long expiresAt) {
    }

    private final SecretKeySpec key;
    private final byte[] boundTo;
    private final SecureRandom random = new SecureRandom();
    private final Pool pool;
    private final PageRequests pages;

    public PageSessions(PageKey pageKey, @ConfigProperty(name = "quarkus.application.name", defaultValue = "pes") String service,
                        Pool pool, PageRequests pages) {
        this.key = new SecretKeySpec(pageKey.derive("session"), "AES");
        this.boundTo = ("pes_session:" + service).getBytes(StandardCharsets.UTF_8);
        this.pool = pool;
        this.pages = pages;
    }

    /**
     * Signs in with {@code signIn}'s token: ends the sessions the request's cookies hold (signing in
     * again replaces the session, and the one replaced signs in no more), then gives the cookies to
     * set: the new session's, scoped to the pages' prefix until the token expires, and one clearing
     * a {@code Path=/} session cookie of earlier versions. Call it from the page method (it reads the
     * request's cookies, path and scheme before going on). Ending the old sessions failing is logged
     * and does not stop the sign-in.
     */
    public Uni<List<NewCookie>> begin(PageSession.SignIn signIn) {
        List<String> held = pages.sessionCookies();
        String path = pages.cookiePath();
        boolean secure = pages.secureCookies();
        byte[] id = new byte[ID_BYTES];
        random.nextBytes(id);
        NewCookie session = PageSession.cookie(seal(id, signIn.expiresAt(), signIn.token()), signIn.expiresAt(), path, secure);
        return end(held).onFailure().invoke(e -> LOG.warnf("signing in: the sessions replaced could not be ended: %s", e.toString()))
                .onFailure().recoverWithNull()
                .replaceWith(List.of(PageSession.cleared("/", secure), session));
    }

    /**
     * Signs out: ends every session the request's cookies hold ({@link #end}), for every copy of
     * those cookies, then gives the cookies that clear the browser's (the pages' prefix, and
     * {@code Path=/} of earlier versions). Fails when the end could not be recorded: the caller
     * says so and keeps the cookie, so that signing out can be tried again. Call it from the page
     * method.
     */
    public Uni<List<NewCookie>> signOut() {
        List<String> held = pages.sessionCookies();
        List<NewCookie> cleared = List.of(PageSession.cleared(pages.cookiePath(), pages.secureCookies()),
                PageSession.cleared("/", pages.secureCookies()));
        return end(held).onFailure().invoke(e -> LOG.warnf("signing out: the session could not be ended: %s", e.toString()))
                .replaceWith(cleared);
    }

    String seal(byte[] id, long expiresAt, String token) {
        byte[] tokenBytes = token.getBytes(StandardCharsets.UTF_8);
        ByteBuffer plain = ByteBuffer.allocate(ID_BYTES + Long.BYTES + tokenBytes.length).put(id).putLong(expiresAt).put(tokenBytes);
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(boundTo);
            byte[] sealed = cipher.doFinal(plain.array());
            return VERSION + B64.encodeToString(ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    /**
     * The session {@code cookie} holds, when this service sealed it under its present secret and its
     * token has not expired; empty for anything else (a planted token, a changed or foreign value).
     * Whether it was signed out is {@link #ended}'s to say.
     */
    public Optional<Session> open(String cookie) {
        if (cookie == null || cookie.length() > MAX_COOKIE_CHARS || !cookie.startsWith(VERSION)) {
            return Optional.empty();
        }
        byte[] sealed;
        try {
            sealed = B64D.decode(cookie.substring(VERSION.length()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (sealed.length < NONCE_BYTES + TAG_BITS / 8 + ID_BYTES + Long.BYTES + 1) {
            return Optional.empty();
        }
        byte[] plain;
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            cipher.updateAAD(boundTo);
            plain = cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
        ByteBuffer buffer = ByteBuffer.wrap(plain);
        byte[] id = new byte[ID_BYTES];
        buffer.get(id);
        long expiresAt = buffer.getLong();
        if (expiresAt <= Instant.now().getEpochSecond()) {
            return Optional.empty();
        }
        String token = new String(plain, buffer.position(), buffer.remaining(), StandardCharsets.UTF_8);
        return Optional.of(new Session(B64.encodeToString(id), token, expiresAt));
    }

    /** Whether {@code session} was signed out (on any replica). */
    public Uni<Boolean> ended(Session session) {
        return pool.preparedQuery(ENDED).execute(Tuple.of(session.id())).map(rows -> rows.size() > 0);
    }

    /**
     * Ends the sessions {@code cookies} hold, for every copy of them, until their tokens would have
     * expired; a value that opens to no session (a planted token, an expired or foreign cookie) is
     * skipped, so ending twice, or with no session, is harmless.
     */
    public Uni<Void> end(List<String> cookies) {
        List<Tuple> ended = new ArrayList<>();
        for (String cookie : cookies) {
            open(cookie).ifPresent(session -> ended.add(Tuple.of(session.id(),
                    OffsetDateTime.ofInstant(Instant.ofEpochSecond(session.expiresAt()), ZoneOffset.UTC))));
        }
        if (ended.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery(END).executeBatch(ended).replaceWithVoid();
    }
}
