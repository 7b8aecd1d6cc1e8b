package com.platformeconomy.earnings.portal;

import com.platformeconomy.earnings.config.EarningsLimits;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.platformeconomy.contracts.event.EventIds;
import com.platformeconomy.platform.idempotency.IdempotencyKeys;
import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import com.platformeconomy.earnings.analytics.AnalyticsService;
import com.platformeconomy.earnings.app.AppService;
import com.platformeconomy.earnings.app.AppView;
import com.platformeconomy.earnings.earning.EarningsQueries;
import com.platformeconomy.earnings.earning.EarningsSummary;
import com.platformeconomy.earnings.payout.PayoutRequest;
import com.platformeconomy.earnings.payout.PayoutResource;
import com.platformeconomy.earnings.payout.PayoutService;
import com.platformeconomy.earnings.payout.PayoutView;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.CompositeException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * The Dev Portal (seeds/002): my apps, an app's Earnings and Analytics tabs, payout requests. The
 * figures come from the same services as the JSON routes, so a page shows what the API answers.
 */
@Path("/portal")
@Produces(MediaType.TEXT_HTML)
public class PortalResource {

    static final int MAX_APPS = 500;
    static final int MAX_PAYOUTS = 200;
    static final long MAX_PAYOUT_TOKENS = EarningsLimits.MAX_PAYOUT_TOKENS;

    private final Viewers viewers;
    private final AppService apps;
    private final AnalyticsService analytics;
    private final EarningsQueries earnings;
    private final PayoutService payouts;
    private final IdempotencyKeys keys;
    private final ObjectMapper json;

    public PortalResource(Viewers viewers, AppService apps, AnalyticsService analytics, EarningsQueries earnings,
                          PayoutService payouts, IdempotencyKeys keys, ObjectMapper json) {
        this.viewers = viewers;
        this.apps = apps;
        this.analytics = analytics;
        this.earnings = earnings;
        this.payouts = payouts;
        this.keys = keys;
        this.json = json;
    }

    @GET
    public Response home() {
        return Response.seeOther(URI.create("/portal/apps")).build();
    }

    @GET
    @Path("/apps")
    public Uni<Response> myApps() {
        return page("/portal/apps", viewer -> apps.listed(viewer.subject(), viewer.admin(), MAX_APPS)
                .map(list -> ok(PortalTemplates.apps(viewer, list.stream().map(AppView::of).toList()))));
    }

    @GET
    @Path("/apps/{app_id}")
    public Response app(@PathParam("app_id") String appId) {
        return Response.seeOther(URI.create("/portal/apps/" + encode(appId) + "/earnings")).build();
    }

    /** The seed's Earnings tab: the app owner's totals, and what may still be requested. */
    @GET
    @Path("/apps/{app_id}/earnings")
    public Uni<Response> earningsTab(@PathParam("app_id") String appId) {
        return page("/portal/apps/" + encode(appId) + "/earnings", viewer -> apps.get(appId, viewer.subject(), viewer.admin())
                .map(AppView::of)
                .chain(app -> totals(app.developerId()).map(t -> ok(PortalTemplates.earnings(viewer, app, t.summary(), t.payouts())))));
    }

    /** The seed's Analytics tab: 7d / 30d / all, with revenue and actions per day. */
    @GET
    @Path("/apps/{app_id}/analytics")
    public Uni<Response> analyticsTab(@PathParam("app_id") String appId, @QueryParam("days") String days) {
        String chosen = days == null ? "30" : days;
        return page("/portal/apps/" + encode(appId) + "/analytics", viewer -> {
            Integer window = AnalyticsService.parseDays(chosen);
            return apps.get(appId, viewer.subject(), viewer.admin()).map(AppView::of)
                    .chain(app -> analytics.withDays(appId, viewer.subject(), viewer.admin(), window)
                            .map(figures -> ok(PortalTemplates.analytics(viewer, app, chosen, figures))));
        });
    }

    /** A developer's payout requests (an admin names the developer and only looks). */
    @GET
    @Path("/payouts")
    public Uni<Response> payoutsPage(@QueryParam("developer_id") String developerId, @QueryParam("requested") String requested) {
        return page("/portal/payouts", viewer -> {
            String whose = whose(viewer, developerId);
            String notice = requested == null || !requested.matches("[0-9]{1,19}") ? null
                    : "Payout #" + requested + " requested. It is pending until an admin approves it.";
            return payoutsView(viewer, whose, Response.Status.OK, null, notice, "");
        });
    }

    /**
     * Requests a payout; bad input or too large an amount re-shows the page with the reason, and
     * nothing changes. The form carries the Idempotency-Key made when it was rendered, so a double
     * submit (or a reload of the POST) is one request: the second is answered like the first.
     */
    @POST
    @Path("/payouts")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> requestPayout(@FormParam("amount_tokens") String amount,
                                       @FormParam("idempotency_key") String idempotencyKey) {
        return page("/portal/payouts", viewer -> {
            if (!viewer.developer()) {
                throw new ApiException(ErrorCode.FORBIDDEN, "Only the developer who earned the tokens may request their payout.");
            }
            String entered = amount == null ? "" : amount.strip().replace(",", "");
            Long tokens = parseTokens(entered);
            if (tokens == null) {
                return payoutsView(viewer, viewer.subject(), Response.Status.BAD_REQUEST,
                        "Enter a whole number of tokens from 1 to " + PortalFormats.grouped(MAX_PAYOUT_TOKENS) + ".", null, entered);
            }
            var keyed = keys.request(PayoutResource.SCOPE, viewer.subject(), idempotencyKey, new PayoutRequest(tokens));
            return keys.execute(keyed, Response.Status.CREATED,
                            () -> payouts.request(viewer.subject(), tokens).map(PayoutView::of))
                    .chain(answer -> {
                        String body = (String) answer.getEntity();
                        if (answer.getStatus() < 300) {
                            long payoutId = readTree(body).path("payout_id").asLong();
                            return Uni.createFrom().item(Response.seeOther(URI.create("/portal/payouts?requested=" + payoutId)).build());
                        }
                        return payoutsView(viewer, viewer.subject(), Response.Status.fromStatusCode(answer.getStatus()),
                                readTree(body).path("detail").asText("The payout was not requested."), null, entered);
                    });
        });
    }

    private com.fasterxml.jackson.databind.JsonNode readTree(String body) {
        try {
            return json.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a stored answer is not JSON", e);
        }
    }

    private Uni<Response> payoutsView(Viewer viewer, String developerId, Response.Status status, String error,
                                      String notice, String entered) {
        return totals(developerId).chain(t -> payouts.of(developerId, MAX_PAYOUTS).map(list -> Response.status(status)
                .type(MediaType.TEXT_HTML_TYPE)
                .entity(PortalTemplates.payouts(viewer, developerId, t.summary(), t.payouts(),
                        list.stream().map(PayoutView::of).toList(), error, notice, entered,
                        // A fresh key each time the form is shown: one form, one request, however often submitted.
                        EventIds.uuidV7()).render())
                .build()));
    }

    private record Totals(EarningsSummary summary, PayoutTotals payouts) {
    }

    private Uni<Totals> totals(String developerId) {
        return earnings.summary(developerId).chain(summary -> payouts.awaitingApproval(developerId)
                .map(awaiting -> new Totals(summary, PayoutTotals.of(summary, awaiting))));
    }

    private static String whose(Viewer viewer, String developerId) {
        if (developerId == null || developerId.isBlank() || developerId.equals(viewer.subject())) {
            return viewer.subject();
        }
        if (!viewer.admin()) {
            throw new ApiException(ErrorCode.FORBIDDEN, "A developer sees its own payouts only.");
        }
        return developerId;
    }

    static Long parseTokens(String entered) {
        if (!entered.matches("[0-9]{1,13}")) {
            return null;
        }
        long tokens = Long.parseLong(entered);
        return tokens >= 1 && tokens <= MAX_PAYOUT_TOKENS ? tokens : null;
    }

    /**
     * Runs a page for a signed-in developer or admin: anyone else is sent to sign in (or told why
     * not), and a refusal of the services (unknown app, bad window) becomes an error page with
     * its status.
     */
    private Uni<Response> page(String here, Function<Viewer, Uni<Response>> body) {
        return viewers.current().chain(viewer -> {
            if (!viewer.signedIn()) {
                String login = "/portal/login?next=" + URLEncoder.encode(here, StandardCharsets.UTF_8)
                        + (viewer.refused() ? "&expired=true" : "");
                return Uni.createFrom().item(Response.seeOther(URI.create(login)).build());
            }
            if (!viewer.allowed()) {
                return Uni.createFrom().item(error(viewer, 403, "Not for this token",
                        "The portal is for developers and admins; " + viewer.subject() + " is neither."));
            }
            Uni<Response> shown;
            try {
                shown = body.apply(viewer);
            } catch (ApiException refused) {
                shown = Uni.createFrom().failure(refused);
            }
            return shown.onFailure(failure -> unwrap(failure) instanceof ApiException)
                    .recoverWithItem(failure -> refusal(viewer, (ApiException) unwrap(failure)));
        });
    }

    private static Response refusal(Viewer viewer, ApiException refused) {
        String title = switch (refused.status()) {
            case 404 -> "Not found";
            case 403 -> "Not allowed";
            default -> "Cannot show that";
        };
        return error(viewer, refused.status(), title, refused.getMessage());
    }

    private static Response error(Viewer viewer, int status, String title, String message) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE)
                .entity(PortalTemplates.error(viewer, status, title, message).render()).build();
    }

    private static Response ok(TemplateInstance page) {
        return Response.ok(page.render(), MediaType.TEXT_HTML_TYPE).build();
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while (current instanceof CompositeException composite && !composite.getCauses().isEmpty()) {
            current = composite.getCauses().get(0);
        }
        return current;
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
