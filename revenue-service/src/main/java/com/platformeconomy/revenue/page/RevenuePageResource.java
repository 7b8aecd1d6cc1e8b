package com.platformeconomy.revenue.page;

import com.platformeconomy.platform.page.PageGuard;
import com.platformeconomy.platform.page.PageRequests;
import com.platformeconomy.platform.page.PageSession;
import com.platformeconomy.platform.page.PageSessions;
import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.contracts.identity.Roles;
import com.platformeconomy.revenue.config.RevenueConfig;
import com.platformeconomy.revenue.dashboard.DashboardResource;
import com.platformeconomy.revenue.dashboard.DashboardService;
import io.quarkus.security.identity.CurrentIdentityAssociation;
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
 * The revenue dashboard as a page (seeds/000): the same figures as GET /api/revenue/dashboard, the
 * 90/9/1 split, gross revenue per day, hosting payouts, the excess against the auto-funding
 * threshold and the funded goal. For admins (and services), signed in with the session cookie.
 */
@Path("/revenue")
@Produces(MediaType.TEXT_HTML)
@Tag(name = "revenue-page", description = "The revenue dashboard as an HTML page for admins, signed in with the page cookie.")
public class RevenuePageResource {

    static final String LOCATION = "Where the browser goes next.";

    private static final Set<String> ROLES = Set.of(Roles.ADMIN, Roles.SERVICE);

    private final DashboardService dashboards;
    private final DailyRevenue daily;
    private final CurrentIdentityAssociation identities;
    private final JWTParser parser;
    private final Split split;
    private final PageRequests pages;
    private final PageSessions sessions;

    public RevenuePageResource(DashboardService dashboards, DailyRevenue daily, CurrentIdentityAssociation identities,
                               JWTParser parser, RevenueConfig config, PageRequests pages, PageSessions sessions) {
        this.pages = pages;
        this.sessions = sessions;
        this.dashboards = dashboards;
        this.daily = daily;
        this.identities = identities;
        this.parser = parser;
        this.split = new Split(config.usersPercent(), config.infraPercent(), config.centralPercent());
    }

    @GET
    @Operation(operationId = "showRevenuePage", summary = "Show the revenue dashboard page",
            description = "The same figures as `GET /api/revenue/dashboard` as a page: the 90/9/1 split (the seed's 225 gross → "
                    + "202.5 / 20.25 / 2.25), gross revenue per day, hosting payouts, the excess against the auto-funding "
                    + "threshold (2.5 of 1000) and the funded goal. Signed in with the page cookie (`POST /revenue/login`), "
                    + "not a bearer token: without a valid session it redirects (303) to the sign-in page; a signed-in "
                    + "caller that is not an admin or a service gets a 403 page, a bad `period_days` a 400 page "
                    + "(`invalid_period_days`). Refusals are HTML pages, not problem+json.",
            extensions = @Extension(name = "x-problem-codes", value = "forbidden invalid_period_days"))
    @APIResponse(responseCode = "200", description = "The dashboard page.",
            content = @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING),
                    examples = @ExampleObject(name = "page", value = "<!DOCTYPE html><html lang=\"en\"><head><title>Revenue</title></head>"
                            + "<body><main><h1>Revenue, last 30 days</h1><p>Gross 225 · users 202.5 · infrastructure 20.25 · central 2.25</p>"
                            + "</main></body></html>")))
    @APIResponse(responseCode = "303", description = "Not signed in (or the session expired): to the sign-in page.",
            headers = @Header(name = "Location", description = LOCATION, schema = @Schema(type = SchemaType.STRING)))
    public Uni<Response> dashboard(
            @Parameter(description = "Days back from today (UTC), 1–3650; default 30.") @QueryParam("period_days") String periodDays) {
        return Viewer.current(identities, pages.csrfToken()).chain(viewer -> {
            if (!viewer.signedIn()) {
                return Uni.createFrom().item(Response.seeOther(URI.create(
                        "/revenue/login" + (viewer.refused() ? "?expired=true" : ""))).build());
            }
            if (!viewer.allowed()) {
                return Uni.createFrom().item(error(viewer, 403, "Not for this token",
                        "The platform's revenue is for admins; " + viewer.subject() + " is not one."));
            }
            int days;
            try {
                days = DashboardResource.parse(periodDays);
            } catch (ApiException refused) {
                return Uni.createFrom().item(error(viewer, refused.status(), "Cannot show that period", refused.getMessage()));
            }
            return Uni.combine().all().unis(dashboards.dashboard(days), daily.days(days)).asTuple()
                    .map(both -> Response.ok(PageTemplates.dashboard(viewer, both.getItem1(), both.getItem2(),
                            Threshold.of(both.getItem1().trading().platformExcess(), both.getItem1().trading().threshold()), split)
                            .render(), MediaType.TEXT_HTML_TYPE).build());
        });
    }

    @GET
    @Path("/login")
    @Operation(operationId = "showRevenueSignInPage", summary = "Show the revenue page's sign-in form",
            description = "The sign-in form of the revenue page, with its CSRF token; `expired=true` says the session ended. "
                    + "Anyone may load it; the form takes an admin's (or a service's) token.")
    @APIResponse(responseCode = "200", description = "The sign-in page.",
            content = @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING),
                    examples = @ExampleObject(name = "form", value = "<!DOCTYPE html><html lang=\"en\"><head><title>Sign in</title></head>"
                            + "<body><form method=\"post\" action=\"/revenue/login\"><input type=\"hidden\" name=\"csrf\">"
                            + "<textarea name=\"token\"></textarea><button>Sign in</button></form></body></html>")))
    public String form(@Parameter(description = "true after a session expired: the form says so.") @QueryParam("expired") boolean expired) {
        return PageTemplates.login(null, expired, pages.csrfToken()).render();
    }

    /**
     * Sign-in for local development and operations: paste an admin token (./suite token admin:ops
     * admin). Like every form of the page it carries a CSRF token, checked by contracts' PageGuard
     * before this runs: another site cannot sign the browser in with a token of its own.
     */
    @POST
    @Path("/login")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(operationId = "signInToRevenuePage", summary = "Sign in to the revenue page with a token",
            description = "Takes a pasted bearer token of an admin or a service (`./suite token admin:ops admin`) and, when it is "
                    + "valid, sets the page's session cookie (a session sealed by the service, not the token: no bearer token "
                    + "anywhere) and redirects (303) to `/revenue`. A token that is invalid, "
                    + "expired or of another role gets the form again with the reason (a 400 page). Like every form of the "
                    + "page it needs the CSRF token of the form and the service's own origin: otherwise 403 and nothing is set. "
                    + "Signing in again replaces the session: the one replaced signs in no more (should its end not be recorded, "
                    + "the database away, it is logged and lives until its token expires).",
            extensions = @Extension(name = "x-problem-codes", value = "bad_request forbidden"))
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_FORM_URLENCODED,
            schema = @Schema(type = SchemaType.OBJECT, properties = @SchemaProperty(name = "token", type = SchemaType.STRING,
                    description = "The pasted bearer token.")),
            examples = @ExampleObject(name = "admin-token", value = "{\"token\": \"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZG1pbjpvcHMifQ.c2lnbmF0dXJl\"}")))
    @APIResponse(responseCode = "303", description = "Signed in: the session cookie is set; on to the dashboard page.",
            headers = {
                @Header(name = "Location", description = LOCATION, schema = @Schema(type = SchemaType.STRING)),
                @Header(name = "Set-Cookie", description = "The page's session cookie.", schema = @Schema(type = SchemaType.STRING))})
    public Uni<Response> signIn(@FormParam("token") String pasted) {
        PageSession.SignIn signIn = PageSession.check(parser, pasted, ROLES);
        if (!signIn.accepted()) {
            return Uni.createFrom().item(Response.status(Response.Status.BAD_REQUEST).type(MediaType.TEXT_HTML_TYPE)
                    .entity(PageTemplates.login(signIn.error(), false, pages.csrfToken()).render()).build());
        }
        return sessions.begin(signIn)
                .map(cookies -> Response.seeOther(URI.create("/revenue")).cookie(cookies.toArray(NewCookie[]::new)).build());
    }

    @POST
    @Path("/logout")
    @Operation(operationId = "signOutOfRevenuePage", summary = "Sign out of the revenue page",
            description = "Ends the page's session (its cookie, and any copy of it, signs in no more), clears the cookie and "
                    + "redirects (303) to the sign-in page; signing out twice is harmless; when the end cannot be "
                    + "recorded (the database away), a 503 page says so and the cookie is kept. Needs the page's CSRF token and the service's own origin (403 otherwise).",
            extensions = @Extension(name = "x-problem-codes", value = "forbidden"))
    @APIResponse(responseCode = "303", description = "Signed out: the session is ended and its cookie cleared; on to the sign-in page.",
            headers = {
                @Header(name = "Location", description = LOCATION, schema = @Schema(type = SchemaType.STRING)),
                @Header(name = "Set-Cookie", description = "The cleared session cookie.", schema = @Schema(type = SchemaType.STRING))})
    public Uni<Response> signOut() {
        return sessions.signOut()
                .map(cleared -> Response.seeOther(URI.create("/revenue/login")).cookie(cleared.toArray(NewCookie[]::new)).build())
                .onFailure().recoverWithItem(e -> PageGuard.message(Response.Status.SERVICE_UNAVAILABLE, "Not signed out",
                        "Not signed out", "The session could not be ended just now, so it still signs in. Go back and sign out again."));
    }

    private static Response error(Viewer viewer, int status, String title, String message) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE)
                .entity(PageTemplates.error(viewer, status, title, message).render()).build();
    }
}
