package com.platformeconomy.earnings.portal;

import com.platformeconomy.platform.page.PageRequests;
import com.platformeconomy.platform.page.PageSession;
import com.platformeconomy.contracts.identity.Roles;
import io.smallrye.jwt.auth.principal.JWTParser;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Set;

/**
 * Sign-in for local development and operations: paste a token (e.g. {@code ./suite token dev:alice
 * developer}); it is verified exactly as the API verifies it and kept in the session cookie
 * ({@link PageSession}), which signs in to /portal only. Sign-in and sign-out are forms with a CSRF
 * token like every other (contracts PageGuard checks it, and the Origin, before these run): another
 * site can neither sign the browser in with a token of its own nor sign it out.
 */
@Path("/portal")
public class SessionResource {

    private static final Set<String> ROLES = Set.of(Roles.DEVELOPER, Roles.ADMIN);

    private final JWTParser parser;
    private final PageRequests pages;

    public SessionResource(JWTParser parser, PageRequests pages) {
        this.parser = parser;
        this.pages = pages;
    }

    @GET
    @Path("/login")
    @Produces(MediaType.TEXT_HTML)
    public String form(@QueryParam("next") String next, @QueryParam("expired") boolean expired) {
        return PortalTemplates.login(null, safeNext(next), expired, pages.csrfToken()).render();
    }

    @POST
    @Path("/login")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response signIn(@FormParam("token") String pasted, @FormParam("next") String next) {
        PageSession.SignIn signIn = PageSession.check(parser, pasted, ROLES);
        if (!signIn.accepted()) {
            return Response.status(Response.Status.BAD_REQUEST).type(MediaType.TEXT_HTML_TYPE)
                    .entity(PortalTemplates.login(signIn.error(), safeNext(next), false, pages.csrfToken()).render()).build();
        }
        return Response.seeOther(URI.create(safeNext(next))).cookie(PageSession.cookie(signIn, pages.secureCookies())).build();
    }

    @POST
    @Path("/logout")
    public Response signOut() {
        return Response.seeOther(URI.create("/portal/login")).cookie(PageSession.cleared(pages.secureCookies())).build();
    }

    /** Only a portal path of this service, so the form cannot send the browser elsewhere. */
    static String safeNext(String next) {
        if (next != null && next.matches("/portal/[A-Za-z0-9_./?=&%:-]*") && !next.contains("//") && !next.contains("..")) {
            return next;
        }
        return "/portal/apps";
    }
}
