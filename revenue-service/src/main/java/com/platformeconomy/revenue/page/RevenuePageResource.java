package com.platformeconomy.revenue.page;

import com.platformeconomy.platform.page.PageRequests;
import com.platformeconomy.platform.page.PageSession;
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
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Set;

/**
 * The revenue dashboard as a page (seeds/000): the same figures as GET /api/revenue/dashboard, the
 * 90/9/1 split, gross revenue per day, hosting payouts, the excess against the auto-funding
 * threshold and the funded goal. For admins (and services), signed in with the session cookie.
 */
@Path("/revenue")
@Produces(MediaType.TEXT_HTML)
public class RevenuePageResource {

    private static final Set<String> ROLES = Set.of(Roles.ADMIN, Roles.SERVICE);

    private final DashboardService dashboards;
    private final DailyRevenue daily;
    private final CurrentIdentityAssociation identities;
    private final JWTParser parser;
    private final Split split;
    private final PageRequests pages;

    public RevenuePageResource(DashboardService dashboards, DailyRevenue daily, CurrentIdentityAssociation identities,
                               JWTParser parser, RevenueConfig config, PageRequests pages) {
        this.pages = pages;
        this.dashboards = dashboards;
        this.daily = daily;
        this.identities = identities;
        this.parser = parser;
        this.split = new Split(config.usersPercent(), config.infraPercent(), config.centralPercent());
    }

    @GET
    public Uni<Response> dashboard(@QueryParam("period_days") String periodDays) {
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
    public String form(@QueryParam("expired") boolean expired) {
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
    public Response signIn(@FormParam("token") String pasted) {
        PageSession.SignIn signIn = PageSession.check(parser, pasted, ROLES);
        if (!signIn.accepted()) {
            return Response.status(Response.Status.BAD_REQUEST).type(MediaType.TEXT_HTML_TYPE)
                    .entity(PageTemplates.login(signIn.error(), false, pages.csrfToken()).render()).build();
        }
        return Response.seeOther(URI.create("/revenue")).cookie(PageSession.cookie(signIn, pages.secureCookies())).build();
    }

    @POST
    @Path("/logout")
    public Response signOut() {
        return Response.seeOther(URI.create("/revenue/login")).cookie(PageSession.cleared(pages.secureCookies())).build();
    }

    private static Response error(Viewer viewer, int status, String title, String message) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE)
                .entity(PageTemplates.error(viewer, status, title, message).render()).build();
    }
}
