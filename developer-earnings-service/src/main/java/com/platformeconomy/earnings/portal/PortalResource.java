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
 * The Dev Portal (seeds/002): my apps, an app's Earnings and Analytics tabs, payout requests. The
 * figures come from the same services as the JSON routes, so a page shows what the API answers.
 */
@Path("/portal")
@Produces(MediaType.TEXT_HTML)
@Tag(name = "portal", description = PortalResource.TAG)
public class PortalResource {

    static final String TAG = "The Dev Portal's server-rendered HTML pages for developers and admins: sign-in with a "
            + "token kept in an HttpOnly session cookie, CSRF-guarded forms; not an API for programs.";
    /** How every page answers a refusal; the statuses and codes are the route's own. */
    static final String PAGES = " Signed in with the portal's session cookie (`POST /portal/login`), not a bearer token: "
            + "without a valid session the page answers 303 to the sign-in form. A refusal is shown as the portal's HTML "
            + "error page with the status of its code (403 `forbidden` for a token that is neither developer nor admin).";
    static final String APPS_PAGE = "<!DOCTYPE html><html lang='en'><head><title>My apps · Dev Portal</title></head>"
            + "<body><main id='main'><h1>My apps</h1>…</main></body></html>";

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
    @Operation(operationId = "openPortal", summary = "Open the Dev Portal",
            description = "The portal's entry: sends the browser to its apps page (`/portal/apps`), which asks to sign in "
                    + "if needed. Anyone may call it.")
    @APIResponse(responseCode = "303", description = "To the apps page.", headers = @Header(name = "Location",
            description = "Where the browser goes next.", schema = @Schema(type = SchemaType.STRING, example = "/portal/apps")))
    public Response home() {
        return Response.seeOther(URI.create("/portal/apps")).build();
    }

    @GET
    @Path("/apps")
    @Operation(operationId = "showPortalApps", summary = "Page: my apps",
            description = "The signed-in developer's apps by name (an admin: every developer's), each with its status, "
                    + "pricing and what one paid call costs and splits to (seed: 5 + 2 = 7 tokens, 4 to the developer at "
                    + "70), at most 500." + PAGES,
            extensions = @Extension(name = "x-problem-codes", value = "forbidden"))
    @APIResponse(responseCode = "200", description = "The apps page.", content = @Content(mediaType = MediaType.TEXT_HTML,
            schema = @Schema(type = SchemaType.STRING), examples = @ExampleObject(name = "apps", value = APPS_PAGE)))
    @APIResponse(responseCode = "303", description = "Not signed in (or the session's token expired): to the sign-in form, which comes back here.", headers = @Header(name = "Location",
            description = "Where the browser goes next.", schema = @Schema(type = SchemaType.STRING, example = "/portal/login?next=%2Fportal%2Fapps")))
    public Uni<Response> myApps() {
        return page("/portal/apps", viewer -> apps.listed(viewer.subject(), viewer.admin(), MAX_APPS)
                .map(list -> ok(PortalTemplates.apps(viewer, list.stream().map(AppView::of).toList()))));
    }

    @GET
    @Path("/apps/{app_id}")
    @Operation(operationId = "openPortalApp", summary = "Open an app's page",
            description = "Sends the browser to the app's Earnings tab (`/portal/apps/{app_id}/earnings`), which checks "
                    + "the session and the app. Anyone may call it.")
    @APIResponse(responseCode = "303", description = "To the app's Earnings tab.", headers = @Header(name = "Location",
            description = "Where the browser goes next.", schema = @Schema(type = SchemaType.STRING, example = "/portal/apps/my_app/earnings")))
    public Response app(@Parameter(description = "The app's id.") @PathParam("app_id") String appId) {
        return Response.seeOther(URI.create("/portal/apps/" + encode(appId) + "/earnings")).build();
    }

    /** The seed's Earnings tab: the app owner's totals, and what may still be requested. */
    @GET
    @Path("/apps/{app_id}/earnings")
    @Operation(operationId = "showPortalEarningsTab", summary = "Page: an app's Earnings tab",
            description = "The seed's Earnings tab for one of the signed-in developer's apps (an admin: any app): its "
                    + "developer's total earned, total platform share, pending payout and paid out (seed: 12,450 earned, "
                    + "3,000 paid out, 9,450 pending), and what may still be requested. Another developer's app is 404 "
                    + "`unknown_app`." + PAGES,
            extensions = @Extension(name = "x-problem-codes", value = "forbidden unknown_app"))
    @APIResponse(responseCode = "200", description = "The Earnings tab.", content = @Content(mediaType = MediaType.TEXT_HTML,
            schema = @Schema(type = SchemaType.STRING), examples = @ExampleObject(name = "earnings", value = "<!DOCTYPE html><html lang='en'><head><title>My App · Earnings</title></head><body><main id='main'>…<dd>12,450</dd>…</main></body></html>")))
    @APIResponse(responseCode = "303", description = "Not signed in (or the session's token expired): to the sign-in form, which comes back here.", headers = @Header(name = "Location",
            description = "Where the browser goes next.", schema = @Schema(type = SchemaType.STRING, example = "/portal/login?next=%2Fportal%2Fapps%2Fmy_app%2Fearnings")))
    public Uni<Response> earningsTab(@Parameter(description = "The app's id.") @PathParam("app_id") String appId) {
        return page("/portal/apps/" + encode(appId) + "/earnings", viewer -> apps.get(appId, viewer.subject(), viewer.admin())
                .map(AppView::of)
                .chain(app -> totals(app.developerId()).map(t -> ok(PortalTemplates.earnings(viewer, app, t.summary(), t.payouts())))));
    }

    /** The seed's Analytics tab: 7d / 30d / all, with revenue and actions per day. */
    @GET
    @Path("/apps/{app_id}/analytics")
    @Operation(operationId = "showPortalAnalyticsTab", summary = "Page: an app's Analytics tab",
            description = "The seed's Analytics tab for one of the signed-in developer's apps (an admin: any app): "
                    + "actions, revenue (developer shares) and unique users over 7 days, 30 days (the default) or all, with "
                    + "revenue and actions per day (seed, 30 days: 1,234 actions, 9,450 tokens, 87 users). A bad `days` is "
                    + "400 `invalid_days`; another developer's app is 404 `unknown_app`." + PAGES,
            extensions = @Extension(name = "x-problem-codes", value = "forbidden invalid_days unknown_app"))
    @APIResponse(responseCode = "200", description = "The Analytics tab.", content = @Content(mediaType = MediaType.TEXT_HTML,
            schema = @Schema(type = SchemaType.STRING), examples = @ExampleObject(name = "analytics", value = "<!DOCTYPE html><html lang='en'><head><title>My App · Analytics</title></head><body><main id='main'>…<dd>1,234</dd>…</main></body></html>")))
    @APIResponse(responseCode = "303", description = "Not signed in (or the session's token expired): to the sign-in form, which comes back here.", headers = @Header(name = "Location",
            description = "Where the browser goes next.", schema = @Schema(type = SchemaType.STRING, example = "/portal/login?next=%2Fportal%2Fapps%2Fmy_app%2Fanalytics")))
    public Uni<Response> analyticsTab(@Parameter(description = "The app's id.") @PathParam("app_id") String appId,
                                      @Parameter(description = "7, 30 (default) or all; any whole number from 1 to 3650 too.",
                                              example = "30") @QueryParam("days") String days) {
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
    @Operation(operationId = "showPortalPayouts", summary = "Page: payouts",
            description = "The signed-in developer's payout requests, newest first (at most 200), its totals and the "
                    + "form to request a payout (9,450 tokens → 9.45 USD at 0.001 USD a token); `requested` shows the notice "
                    + "of a payout just requested. An admin names the developer with `developer_id` and only looks; a "
                    + "developer naming another is 403 `forbidden`." + PAGES,
            extensions = @Extension(name = "x-problem-codes", value = "forbidden"))
    @APIResponse(responseCode = "200", description = "The payouts page.", content = @Content(mediaType = MediaType.TEXT_HTML,
            schema = @Schema(type = SchemaType.STRING), examples = @ExampleObject(name = "payouts", value = "<!DOCTYPE html><html lang='en'><head><title>Payouts · Dev Portal</title></head><body><main id='main'>…<form method='post' action='/portal/payouts'>…</form>…</main></body></html>")))
    @APIResponse(responseCode = "303", description = "Not signed in (or the session's token expired): to the sign-in form, which comes back here.", headers = @Header(name = "Location",
            description = "Where the browser goes next.", schema = @Schema(type = SchemaType.STRING, example = "/portal/login?next=%2Fportal%2Fpayouts")))
    public Uni<Response> payoutsPage(
            @Parameter(description = "An admin: whose payouts to show (`dev:...`).", example = "dev:alice")
            @QueryParam("developer_id") String developerId,
            @Parameter(description = "The id of the payout just requested, to show its notice.", example = "42")
            @QueryParam("requested") String requested) {
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
    @Operation(operationId = "submitPortalPayout", summary = "Form: request a payout",
            description = "The payouts page's form: the signed-in developer requests `amount_tokens` (1 to the most a "
                    + "payout may be; the USD amount is fixed now, 9,450 tokens → 9.45 USD), as `POST /v1/developer/payouts` "
                    + "does, and the browser goes to the payouts page with the notice (303). Bad input, or more than is "
                    + "available (409 `payout_exceeds_available`), re-shows the page with the reason and its status, and "
                    + "nothing changes. The form carries the `idempotency_key` made when it was rendered (400 "
                    + "`idempotency_key_required` / `invalid_idempotency_key` without a good one), so a double submit or a "
                    + "reload of the POST is one request, answered like the first; the same key with another amount is 409 "
                    + "`idempotency_key_reused`. Like every portal form it must come from the portal's own origin with its "
                    + "`csrf_token` (403 `forbidden` otherwise, nothing changed), and only a developer requests a payout "
                    + "(an admin: 403). While the developer's wallet is below zero (a top-up it spent was refunded or charged "
                    + "back) the page is re-shown with 409 `wallet_in_debt` and nothing is requested; when wallet-service cannot "
                    + "be read, 503 `wallet_unavailable` (502 `wallet_refused` when it refuses the read)." + PAGES,
            extensions = @Extension(name = "x-problem-codes", value = "forbidden idempotency_key_required invalid_idempotency_key "
            + "idempotency_key_reused request_in_progress payout_exceeds_available wallet_in_debt wallet_unavailable wallet_refused"))
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_FORM_URLENCODED, schema = @Schema(type = SchemaType.OBJECT,
            properties = {
                    @SchemaProperty(name = "amount_tokens", type = SchemaType.STRING, description = "A whole number of tokens."),
                    @SchemaProperty(name = "idempotency_key", type = SchemaType.STRING, description = "The key the rendered form carries."),
                    @SchemaProperty(name = "csrf_token", type = SchemaType.STRING, description = "The CSRF token the rendered form carries.")}),
            examples = @ExampleObject(name = "seed", summary = "The seed's 9,450 tokens",
                    value = "{\"amount_tokens\": \"9450\", \"idempotency_key\": \"0193a5b2-7c4e-7d2a-9f1b-3c5d7e9fa1b2\", \"csrf_token\": \"q9XcT2vLr8Kp\"}")))
    @APIResponse(responseCode = "303", description = "Requested (or the replay of the first answer to this form's key): to the payouts page with its notice; or, not signed in, to the sign-in form.", headers = @Header(name = "Location",
            description = "Where the browser goes next.", schema = @Schema(type = SchemaType.STRING, example = "/portal/payouts?requested=42")))
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
            return payouts.readWallet(viewer.subject()).chain(wallet -> keys.execute(keyed, Response.Status.CREATED,
                            () -> payouts.request(wallet, tokens).map(PayoutView::of)))
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
