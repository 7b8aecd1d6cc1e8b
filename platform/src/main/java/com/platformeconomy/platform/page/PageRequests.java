package com.platformeconomy.platform.page;

import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.ArrayList;
import java.util.List;

/**
 * What a page method needs of its request, read while the method runs (before it goes
 * asynchronous): the CSRF token its forms carry ({@link PageGuard}), and the path and Secure flag
 * of the cookies it sets ({@link PagePolicy#prefix}, {@link PagePolicy#secure}).
 */
@ApplicationScoped
public class PageRequests {

    private final CurrentVertxRequest current;
    private final PagePolicy policy;

    public PageRequests(CurrentVertxRequest current, PagePolicy policy) {
        this.current = current;
        this.policy = policy;
    }

    /** The CSRF token for this page's forms (the hidden field {@value PageGuard#FIELD}). */
    public String csrfToken() {
        String token = PageGuard.token(current.getCurrent());
        if (token == null) {
            throw new IllegalStateException("not a page request: add its path to pes.pages.paths");
        }
        return token;
    }

    /**
     * The path the page cookies are scoped to: the pages' prefix of this request ({@code /portal}),
     * so the browser sends them to the pages only, and two services of one host (cookies do not
     * tell ports apart) keep one session each.
     */
    public String cookiePath() {
        String prefix = policy.prefix(current.getCurrent());
        if (prefix == null) {
            throw new IllegalStateException("not a page request: add its path to pes.pages.paths");
        }
        return prefix;
    }

    /**
     * Every {@value PageSession#COOKIE} value the request carries, in the order sent (a browser may
     * hold several under one name: one per path, or one planted by a sibling of the host).
     */
    public List<String> sessionCookies() {
        return sessionCookies(current.getCurrent().request());
    }

    /** Every {@value PageSession#COOKIE} value {@code request} carries, in the order sent. */
    static List<String> sessionCookies(HttpServerRequest request) {
        List<String> values = new ArrayList<>();
        for (String header : request.headers().getAll(HttpHeaders.COOKIE)) {
            for (Cookie cookie : ServerCookieDecoder.LAX.decodeAll(header)) {
                if (PageSession.COOKIE.equals(cookie.name())) {
                    values.add(cookie.value());
                }
            }
        }
        return values;
    }

    /** Whether the session cookie set by this request is Secure. */
    public boolean secureCookies() {
        return policy.secure(current.getCurrent());
    }
}
