package com.platformeconomy.earnings.portal;

import com.platformeconomy.platform.page.PageGuard;
import com.platformeconomy.platform.page.PageRequests;
import com.platformeconomy.platform.page.PageSession;
import com.platformeconomy.platform.page.PageSessions;
import com.platformeconomy.contracts.identity.Roles;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Sign-in for local development and operations: paste a token (e.g. {@code ./suite token dev:alice
 * developer}); it is verified exactly as the API verifies it and kept in the session cookie
 * ({@link PageSession}), which signs in to /portal only. Sign-in and sign-out are forms with a CSRF
 * token like every other (contracts PageGuard checks it, and the Origin, before these run): another
 * site can neither sign the browser in with a token of its own nor sign it out.
 */
@Path("/portal")
@Tag(name = "portal", description = PortalResource.TAG)
public class SessionResource {

    static final String GUARD = " Like every portal form it must come from the portal's own origin and carry the "
            + "`csrf_token` of its `pes_csrf` cookie: 403 `forbidden` (an HTML page) otherwise, and nothing changes.";

    private static final Set<String> ROLES = Set.of(Roles.DEVELOPER, Roles.ADMIN);

    private final JWTParser parser;
    private final PageRequests pages;
    private final PageSessions sessions;

    public SessionResource(JWTParser parser, PageRequests pages, PageSessions sessions) {
        this.parser = parser;
        this.pages = pages;
        this.sessions = sessions;
    }

    @GET
    @Path("/login")
    @Produces(MediaType.TEXT_HTML)
    @Operation(operationId = "showPortalLogin", summary = "Page: sign in",
            description = "The sign-in form: paste a developer's or admin's token (e.g. from `./suite token dev:alice "
                    + "developer`); `next` is the portal page to go to after (only a path under `/portal`), `expired` says "
                    + "the session's token no longer verified. Anyone may call it.")
    @APIResponse(responseCode = "200", description = "The sign-in form.", content = @Content(mediaType = MediaType.TEXT_HTML,
            schema = @Schema(type = SchemaType.STRING), examples = @ExampleObject(name = "login", value = "<!DOCTYPE html><html lang='en'><head><title>Sign in · Dev Portal</title></head><body><main id='main'><form method='post' action='/portal/login'>…</form></main></body></html>")))
    public String form(@Parameter(description = "The portal page to go to after signing in.", example = "/portal/payouts")
                       @QueryParam("next") String next,
                       @Parameter(description = "Whether the session's token expired (the form says so).", example = "false")
                       @QueryParam("expired") boolean expired) {
        return PortalTemplates.login(null, safeNext(next), expired, pages.csrfToken()).render();
    }

    @POST
    @Path("/login")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(operationId = "signInToPortal", summary = "Form: sign in",
            description = "Verifies the pasted token exactly as the API verifies a bearer token (key, issuer, expiry) and "
                    + "that it is a developer's or an admin's; then keeps a session sealed by the service (not the token) in "
                    + "the HttpOnly `pes_session` cookie, which signs in to `/portal` only and is no bearer token, and sends the browser to `next` (303). A token that does not verify or "
                    + "has neither role re-shows the form with the reason (400) and sets no cookie." + GUARD,
            extensions = @Extension(name = "x-problem-codes", value = "forbidden"))
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_FORM_URLENCODED, schema = @Schema(type = SchemaType.OBJECT,
            properties = {
                    @SchemaProperty(name = "token", type = SchemaType.STRING, description = "The JWT to sign in with."),
                    @SchemaProperty(name = "next", type = SchemaType.STRING, description = "The portal page to go to after."),
                    @SchemaProperty(name = "csrf_token", type = SchemaType.STRING, description = "The CSRF token the rendered form carries.")}),
            examples = @ExampleObject(name = "developer", summary = "dev:alice signs in",
                    value = "{\"token\": \"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJkZXY6YWxpY2UifQ.c2ln\", \"next\": \"/portal/payouts\", \"csrf_token\": \"q9XcT2vLr8Kp\"}")))
    @APIResponse(responseCode = "303", description = "Signed in: the session cookie is set, to `next` (default `/portal/apps`).", headers = @Header(name = "Location",
            description = "Where the browser goes next.", schema = @Schema(type = SchemaType.STRING, example = "/portal/payouts")))
    public Uni<Response> signIn(@FormParam("token") String pasted, @FormParam("next") String next) {
        PageSession.SignIn signIn = PageSession.check(parser, pasted, ROLES);
        if (!signIn.accepted()) {
            return Uni.createFrom().item(Response.status(Response.Status.BAD_REQUEST).type(MediaType.TEXT_HTML_TYPE)
                    .entity(PortalTemplates.login(signIn.error(), safeNext(next), false, pages.csrfToken()).render()).build());
        }
        return sessions.begin(signIn)
                .map(cookies -> Response.seeOther(URI.create(safeNext(next))).cookie(cookies.toArray(NewCookie[]::new)).build());
    }

    @POST
    @Path("/logout")
    @Operation(operationId = "signOutOfPortal", summary = "Form: sign out",
            description = "Ends the session (its cookie, and any copy of it, signs in no more) and clears the cookie; then sends "
                    + "the browser to the sign-in form (303). Signing out twice, or without a session, is harmless. When the end "
                    + "cannot be recorded (the database away), a 503 page says so and the cookie is kept." + GUARD,
            extensions = @Extension(name = "x-problem-codes", value = "forbidden"))
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_FORM_URLENCODED, schema = @Schema(type = SchemaType.OBJECT,
            properties = @SchemaProperty(name = "csrf_token", type = SchemaType.STRING, description = "The CSRF token the rendered form carries.")),
            examples = @ExampleObject(name = "signOut", value = "{\"csrf_token\": \"q9XcT2vLr8Kp\"}")))
    @APIResponse(responseCode = "303", description = "Signed out: the session is ended and its cookie cleared, to the sign-in form.", headers = @Header(name = "Location",
            description = "Where the browser goes next.", schema = @Schema(type = SchemaType.STRING, example = "/portal/login")))
    public Uni<Response> signOut() {
        return sessions.signOut()
                .map(cleared -> Response.seeOther(URI.create("/portal/login")).cookie(cleared.toArray(NewCookie[]::new)).build())
                .onFailure().recoverWithItem(e -> PageGuard.message(Response.Status.SERVICE_UNAVAILABLE, "Not signed out",
                        "Not signed out", "The session could not be ended just now, so it still signs in. Go back and sign out again."));
    }

    /** Only a portal path of this service, so the form cannot send the browser elsewhere. */
    static String safeNext(String next) {
        if (next != null && next.matches("/portal/[A-Za-z0-9_./?=&%:-]*") && !next.contains("//") && !next.contains("..")) {
            return next;
        }
        return "/portal/apps";
    }
}
