package com.platformeconomy.platform.page;

import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Which requests of a service are its web pages, and what a page request must show. Configured by
 * the service ({@code pes.pages.*}); a service without pages configures nothing and none of this
 * applies to it.
 * <ul>
 * <li>{@code pes.pages.paths}: the path prefixes of the pages ({@code /portal}). Only there does
 * the session cookie sign in ({@link PageCookieAuthentication}) and a POST need a CSRF token and
 * an Origin of the service ({@link PageGuard}). Every other route takes a bearer token only.</li>
 * <li>{@code pes.pages.allowed-origins}: origins besides the service's own (its scheme and host as
 * the browser sees them, through a trusted proxy's forwarded headers) whose forms may post.</li>
 * <li>{@code pes.pages.secure-cookies}: the page cookies are {@code Secure} always (production),
 * not only when the request came over HTTPS.</li>
 * </ul>
 */
@ApplicationScoped
public class PagePolicy {

    private final List<String> prefixes;
    private final List<String> allowedOrigins;
    private final boolean forceSecure;

    public PagePolicy(@ConfigProperty(name = "pes.pages.paths") Optional<List<String>> paths,
                      @ConfigProperty(name = "pes.pages.allowed-origins") Optional<List<String>> allowedOrigins,
                      @ConfigProperty(name = "pes.pages.secure-cookies", defaultValue = "false") boolean forceSecure) {
        this.prefixes = paths.orElse(List.of()).stream().map(String::strip).filter(p -> !p.isEmpty())
                .map(p -> p.endsWith("/") ? p.substring(0, p.length() - 1) : p).toList();
        for (String prefix : prefixes) {
            if (!prefix.matches("/[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*")) {
                throw new IllegalArgumentException("pes.pages.paths: " + prefix + " is not a plain path like /portal");
            }
        }
        this.allowedOrigins = allowedOrigins.orElse(List.of()).stream().map(PagePolicy::origin)
                .flatMap(Optional::stream).toList();
        this.forceSecure = forceSecure;
    }

    /**
     * Whether the request is for a page: its normalized path (dot segments resolved, matrix
     * parameters dropped, as the router matches it) is a configured prefix or below one.
     */
    public boolean isPage(RoutingContext routing) {
        return prefix(routing) != null;
    }

    /** The configured prefix the request's path is under (the path its CSRF cookie is scoped to), or null. */
    public String prefix(RoutingContext routing) {
        if (prefixes.isEmpty()) {
            return null;
        }
        return prefix(HttpSecurityUtils.pathWithoutMatrixParams(routing.normalizedPath()));
    }

    String prefix(String path) {
        if (path == null || path.contains("..")) {
            return null;
        }
        for (String prefix : prefixes) {
            if (path.equals(prefix) || path.startsWith(prefix + "/")) {
                return prefix;
            }
        }
        return null;
    }

    /** Whether page cookies get the Secure flag: always in production, else when the browser used HTTPS. */
    public boolean secure(RoutingContext routing) {
        return forceSecure || "https".equalsIgnoreCase(routing.request().scheme());
    }

    /**
     * Whether a state-changing page request came from a page of this service: its {@code Origin}
     * (or, without one, its {@code Referer}'s origin) is the service's own or an allowed one. A
     * request that shows neither, or the opaque origin {@code null}, is refused.
     */
    public boolean fromAllowedOrigin(RoutingContext routing) {
        HttpServerRequest request = routing.request();
        String claimed = request.getHeader("Origin");
        if (claimed == null) {
            claimed = request.getHeader("Referer");
        }
        Optional<String> from = origin(claimed);
        if (from.isEmpty()) {
            return false;
        }
        return from.equals(self(request)) || allowedOrigins.contains(from.get());
    }

    /** The service's own origin as the browser addressed it (after a trusted proxy's X-Forwarded-Proto and -Host). */
    static Optional<String> self(HttpServerRequest request) {
        HostAndPort authority = request.authority();
        if (authority == null || authority.host() == null || authority.host().isEmpty()) {
            return Optional.empty();
        }
        String host = authority.host();
        String port = authority.port() >= 0 ? ":" + authority.port() : "";
        return origin(request.scheme() + "://" + (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + port);
    }

    /** "HTTPS://Example.com:443/x?y" → "https://example.com"; anything that is not an http(s) URL → empty. */
    static Optional<String> origin(String url) {
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(url.strip());
            String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
            String host = uri.getHost();
            if (host == null || !("http".equals(scheme) || "https".equals(scheme)) || uri.getRawUserInfo() != null) {
                return Optional.empty();
            }
            int port = uri.getPort();
            int standard = "https".equals(scheme) ? 443 : 80;
            return Optional.of(scheme + "://" + host.toLowerCase(Locale.ROOT) + (port < 0 || port == standard ? "" : ":" + port));
        } catch (java.net.URISyntaxException e) {
            return Optional.empty();
        }
    }
}
