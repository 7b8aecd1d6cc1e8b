package com.platformeconomy.earnings.portal;

import com.platformeconomy.contracts.page.PageSession;
import com.platformeconomy.contracts.security.Roles;
import io.smallrye.jwt.auth.principal.JWTParser;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.Set;

/**
 * Sign-in for local development and operations: paste a token (e.g. {@code ./suite token dev:alice
 * developer}); it is verified exactly as the API verifies it and kept in the session cookie
 * ({@link PageSession}).
 */
@Path("/portal")
public class SessionResource {

    private static final Set<String> ROLES = Set.of(Roles.DEVELOPER, Roles.ADMIN);

    private final JWTParser parser;

    public SessionResource(JWTParser parser) {
        this.parser = parser;
    }

    @GET
    @Path("/login")
    @Produces(MediaType.TEXT_HTML)
    public String form(@QueryParam("next") String next, @QueryParam("expired") boolean expired) {
        return PortalTemplates.login(null, safeNext(next), expired).render();
    }

    @POST
    @Path("/login")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response signIn(@FormParam("token") String pasted, @FormParam("next") String next, @Context UriInfo uri) {
        PageSession.SignIn signIn = PageSession.check(parser, pasted, ROLES);
        if (!signIn.accepted()) {
            return Response.status(Response.Status.BAD_REQUEST).type(MediaType.TEXT_HTML_TYPE)
                    .entity(PortalTemplates.login(signIn.error(), safeNext(next), false).render()).build();
        }
        return Response.seeOther(URI.create(safeNext(next))).cookie(PageSession.cookie(signIn, secure(uri))).build();
    }

    @POST
    @Path("/logout")
    public Response signOut(@Context UriInfo uri) {
        return Response.seeOther(URI.create("/portal/login")).cookie(PageSession.cleared(secure(uri))).build();
    }

    private static boolean secure(UriInfo uri) {
        return "https".equals(uri.getRequestUri().getScheme());
    }

    /** Only a portal path of this service, so the form cannot send the browser elsewhere. */
    static String safeNext(String next) {
        if (next != null && next.matches("/portal/[A-Za-z0-9_./?=&%:-]*") && !next.contains("//") && !next.contains("..")) {
            return next;
        }
        return "/portal/apps";
    }
}
