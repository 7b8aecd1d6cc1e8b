package com.platformeconomy.platform.page;

import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.jboss.resteasy.reactive.server.WithFormRead;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

/**
 * Guards the pages ({@link PagePolicy#isPage}) against cross-site requests, for every service with
 * pages alike:
 * <ul>
 * <li>every page request has a CSRF token ({@link CsrfTokens}): the one of its {@code pes_csrf}
 * cookie, or a new one, set as that cookie with the response; {@link #token} gives it to the
 * forms the page renders ({@value #FIELD});</li>
 * <li>every state-changing page request (anything but GET, HEAD, OPTIONS), the sign-in form's
 * included, is refused with 403 and changes nothing unless it comes from the service's own origin
 * ({@code Origin}, or {@code Referer} without one; {@link PagePolicy#fromAllowedOrigin}) and its
 * form field {@value #FIELD} equals its {@code pes_csrf} cookie.</li>
 * </ul>
 * The filter runs after the form is read ({@link WithFormRead}) and before the page's method; the
 * JSON routes are not pages and are untouched (they take bearer tokens, which browsers do not send
 * on their own).
 */
public class PageGuard {

    /** The CSRF cookie and the form field that must repeat it. */
    public static final String COOKIE = "pes_csrf";
    public static final String FIELD = "csrf_token";

    private static final Logger LOG = Logger.getLogger(PageGuard.class);
    private static final String TOKEN = PageGuard.class.getName() + ".token";
    private static final String ISSUED = PageGuard.class.getName() + ".issued";

    private final PagePolicy policy;
    private final CsrfTokens tokens;

    public PageGuard(PagePolicy policy, CsrfTokens tokens) {
        this.policy = policy;
        this.tokens = tokens;
    }

    /** The CSRF token of this page request, for its forms; null when the request is not for a page. */
    public static String token(RoutingContext routing) {
        return routing == null ? null : routing.get(TOKEN);
    }

    @ServerRequestFilter
    @WithFormRead
    public void guard(ResteasyReactiveContainerRequestContext request, RoutingContext routing) {
        if (!policy.isPage(routing)) {
            return;
        }
        Cookie cookie = routing.request().getCookie(COOKIE);
        String sent = cookie == null ? null : cookie.getValue();
        if (tokens.valid(sent)) {
            routing.put(TOKEN, sent);
        } else {
            routing.put(TOKEN, tokens.issue());
            routing.put(ISSUED, Boolean.TRUE);
        }
        switch (request.getMethod()) {
            case "GET", "HEAD", "OPTIONS" -> {
                return;
            }
            default -> {
            }
        }
        if (!policy.fromAllowedOrigin(routing)) {
            LOG.debugf("%s %s refused: Origin %s, Referer %s", request.getMethod(), routing.normalizedPath(),
                    routing.request().getHeader("Origin"), routing.request().getHeader("Referer"));
            request.abortWith(refused("This form was sent from another site. Nothing was changed."));
            return;
        }
        String form = null;
        MediaType type = request.getMediaType();
        if (type != null && "application".equals(type.getType()) && "x-www-form-urlencoded".equals(type.getSubtype())
                || type != null && "multipart".equals(type.getType()) && "form-data".equals(type.getSubtype())) {
            Object value = ((ResteasyReactiveRequestContext) request.getServerRequestContext()).getFormParameter(FIELD, true, false);
            form = value == null ? null : value.toString();
        }
        if (!tokens.matches(sent, form)) {
            LOG.debugf("%s %s refused: no CSRF token matching the cookie", request.getMethod(), routing.normalizedPath());
            request.abortWith(refused("This form has expired or was not made by this site. Go back, reload the page "
                    + "and send it again. Nothing was changed."));
        }
    }

    /** Sets the CSRF cookie when the request came without a valid one. */
    @ServerResponseFilter
    public void cookie(ContainerResponseContext response, RoutingContext routing) {
        if (routing == null || routing.get(ISSUED) == null) {
            return;
        }
        // Scoped to the pages' path: the services of one host (cookies do not tell ports apart) keep one each.
        response.getHeaders().add(HttpHeaders.SET_COOKIE, new NewCookie.Builder(COOKIE).value(routing.get(TOKEN))
                .path(policy.prefix(routing)).httpOnly(true).secure(policy.secure(routing)).sameSite(NewCookie.SameSite.STRICT).build());
    }

    private static Response refused(String message) {
        return message(Response.Status.FORBIDDEN, "Not sent · refused", "Refused", message);
    }

    /** A plain page of the pages' style with one message, for answers that come before any template. */
    public static Response message(Response.Status status, String title, String heading, String message) {
        String html = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title + "</title>"
                + "<link rel=\"stylesheet\" href=\"/assets/pages.css\"></head><body><main id=\"main\">"
                + "<h1>" + heading + "</h1><p class=\"alert\" role=\"alert\" id=\"error-message\">" + message + "</p>"
                + "</main></body></html>";
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(html).build();
    }
}
