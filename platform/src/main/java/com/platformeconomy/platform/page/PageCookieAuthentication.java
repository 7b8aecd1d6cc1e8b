package com.platformeconomy.platform.page;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.smallrye.jwt.runtime.auth.JsonWebTokenCredential;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The session cookie signs in to pages, and only to pages. SmallRye JWT reads bearer tokens from
 * the Authorization header alone (the default {@code mp.jwt.token.header}); on a page path
 * ({@link PagePolicy#isPage}: the path as the router matches it) this mechanism, tried first, opens
 * the {@code pes_session} cookie ({@link PageSessions}: sealed by this service, not signed out) and
 * takes the token inside to the same JWT identity provider, so the session is verified exactly as
 * a bearer token is (key, issuer, expiry, and whatever else the JWT config demands). A cookie that
 * does not open or whose session was signed out fails authentication (the page asks to sign in
 * again). Anywhere else it does nothing: a JSON route never sees the cookie, and a request carrying
 * only the cookie is anonymous there (401).
 */
@ApplicationScoped
public class PageCookieAuthentication implements HttpAuthenticationMechanism {

    private static final Logger LOG = Logger.getLogger(PageCookieAuthentication.class);

    private final PagePolicy policy;
    private final PageSessions sessions;

    public PageCookieAuthentication(PagePolicy policy, PageSessions sessions) {
        this.policy = policy;
        this.sessions = sessions;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext routing, IdentityProviderManager identities) {
        if (!policy.isPage(routing)) {
            return Uni.createFrom().nullItem();
        }
        List<String> cookies = PageRequests.sessionCookies(routing.request()).stream().filter(c -> !c.isBlank()).toList();
        if (cookies.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        // Every value sent, not the first: a cookie planted under a longer path (by a sibling of the
        // host) comes first and would sign the browser in to the planter's session. Two sessions that
        // open is one too many; only values that open count (an earlier version's Path=/ token does not).
        List<PageSessions.Session> opened = cookies.stream().map(sessions::open).flatMap(Optional::stream).distinct().toList();
        if (opened.size() != 1) {
            return Uni.createFrom().failure(new AuthenticationFailedException(opened.isEmpty()
                    ? "the session cookie is not one of this service's" : "more than one session cookie was sent"));
        }
        PageSessions.Session session = opened.get(0);
        return sessions.ended(session)
                .onFailure().invoke(e -> LOG.warnf("whether a page session was signed out could not be read; not signed in: %s", e.toString()))
                .chain(ended -> {
                    if (ended) {
                        return Uni.createFrom().failure(new AuthenticationFailedException("the session was signed out"));
                    }
                    AuthenticationRequest request = new TokenAuthenticationRequest(new JsonWebTokenCredential(session.token()));
                    return identities.authenticate(HttpSecurityUtils.setRoutingContextAttribute(request, routing));
                });
    }

    /** Pages send the browser to their sign-in form themselves; the bearer mechanism answers the challenge. */
    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().nullItem();
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(TokenAuthenticationRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.COOKIE, PageSession.COOKIE));
    }

    /** Before the bearer mechanism, so that on a page the session cookie is the credential. */
    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 100;
    }
}
