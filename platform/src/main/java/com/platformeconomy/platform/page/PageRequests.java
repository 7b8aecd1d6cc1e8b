package com.platformeconomy.platform.page;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.enterprise.context.ApplicationScoped;

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

    /** Whether the session cookie set by this request is Secure. */
    public boolean secureCookies() {
        return policy.secure(current.getCurrent());
    }
}
