package com.platformeconomy.earnings.portal;

import static com.platformeconomy.earnings.Fixtures.key;
import static com.platformeconomy.earnings.Fixtures.newDeveloper;
import static com.platformeconomy.testkit.tokens.Tokens.admin;
import static com.platformeconomy.testkit.tokens.Tokens.developer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.platformeconomy.platform.page.PageSession;
import com.platformeconomy.stack.LocalStackResource;
import com.platformeconomy.testkit.pages.PageSignIn;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The attacks of issue 17 on the portal, against the real service: the session cookie is not a
 * bearer token for the JSON routes, and a form posted from another site (or without the token
 * its page was rendered with) changes nothing.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class PortalCookieAndCsrfAttackTest {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf_token\" value=\"([^\"]+)\"");
    private static final Pattern KEY = Pattern.compile("name=\"idempotency_key\" value=\"([^\"]+)\"");
    private static final String EVIL = "https://evil.example";

    @TestHTTPResource("/")
    URL base;

    @Inject
    Pool pool;

    private String self() {
        return base.getProtocol() + "://" + base.getHost() + ":" + base.getPort();
    }

    private static void earned(String dev, long tokens) {
        given().auth().oauth2(admin()).contentType(ContentType.JSON).header("Idempotency-Key", key())
                .body("{\"developer_id\":\"" + dev + "\",\"amount\":" + tokens + ",\"admin_note\":\"earned\"}")
                .when().post("/v1/admin/adjustments").then().statusCode(201);
    }

    private long payoutsOf(String dev) {
        return pool.preparedQuery("SELECT count(*) FROM developer_payouts WHERE developer_id = $1")
                .execute(Tuple.of(dev)).await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
    }

    /** The payouts page as the signed-in developer's browser gets it: its form's fields and the CSRF cookie. */
    private record Form(String csrf, String csrfCookie, String idempotencyKey) {
    }

    private static Form payoutForm(String session) {
        Response page = given().cookie(PageSession.COOKIE, session).when().get("/portal/payouts");
        assertThat(page.statusCode()).isEqualTo(200);
        String html = page.asString();
        Matcher csrf = CSRF.matcher(html);
        Matcher idem = KEY.matcher(html);
        assertThat(csrf.find()).as("the payout form carries a CSRF token").isTrue();
        assertThat(idem.find()).isTrue();
        return new Form(csrf.group(1), page.getCookie("pes_csrf"), idem.group(1));
    }

    @Test
    void theSessionCookieAloneIsNotABearerTokenForTheJsonRoutes() {
        String dev = newDeveloper();
        earned(dev, 1000);
        String session = PageSignIn.session("/portal/login", developer(dev));

        given().cookie(PageSession.COOKIE, session).contentType(ContentType.JSON).header("Idempotency-Key", key())
                .body("{\"amount_tokens\":100}")
                .when().post("/v1/developer/payouts")
                .then().statusCode(401).contentType("application/problem+json").body("code", equalTo("unauthorized"));
        assertThat(payoutsOf(dev)).isZero();

        given().cookie(PageSession.COOKIE, session).when().get("/v1/developer/earnings")
                .then().statusCode(401).contentType("application/problem+json");
        given().cookie(PageSession.COOKIE, PageSignIn.session("/portal/login", admin())).when().post("/v1/admin/apps/app-none/approve")
                .then().statusCode(401).contentType("application/problem+json");
    }

    /**
     * SPEC §10: the page cookie signs in to pages only. Its value is the service's own sealed
     * session, not the token: as a bearer token it is refused everywhere, a token planted as the
     * cookie signs in nowhere, and signing out ends the session for every copy of the cookie.
     */
    @Test
    void theSessionCookieIsNoTokenAndSigningOutEndsEveryCopyOfIt() {
        String dev = newDeveloper();
        earned(dev, 1000);
        String token = developer(dev);
        String session = PageSignIn.session("/portal/login", token);
        assertThat(session).as("the cookie does not carry the token readably")
                .isNotEqualTo(token).doesNotContain(token.split("\\.")[1]);

        // A stolen cookie, sent as a bearer token, moves nothing.
        given().auth().oauth2(session).contentType(ContentType.JSON).header("Idempotency-Key", key())
                .body("{\"amount_tokens\":100}")
                .when().post("/v1/developer/payouts")
                .then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(session).when().get("/v1/developer/earnings").then().statusCode(401);
        assertThat(payoutsOf(dev)).isZero();

        // A token planted as the cookie is no session.
        given().cookie(PageSession.COOKIE, token).redirects().follow(false).when().get("/portal/payouts")
                .then().statusCode(303).header("Location", containsString("/portal/login"));
        // A session with one character changed is none either.
        int middle = session.length() / 2;
        String tampered = session.substring(0, middle) + (session.charAt(middle) == 'A' ? 'B' : 'A') + session.substring(middle + 1);
        given().cookie(PageSession.COOKIE, tampered).redirects().follow(false).when().get("/portal/payouts")
                .then().statusCode(303).header("Location", containsString("/portal/login"));

        // The session signs in to the pages until it is signed out.
        Form form = payoutForm(session);
        given().cookie(PageSession.COOKIE, session).cookie("pes_csrf", form.csrfCookie()).header("Origin", self())
                .formParam("csrf_token", form.csrf()).redirects().follow(false)
                .when().post("/portal/logout")
                .then().statusCode(303).header("Location", containsString("/portal/login"));
        // A copy kept after signing out (a stolen one) signs in no more, though its token is still valid.
        given().cookie(PageSession.COOKIE, session).redirects().follow(false).when().get("/portal/payouts")
                .then().statusCode(303).header("Location", containsString("/portal/login"));
        given().cookie(PageSession.COOKIE, session).cookie("pes_csrf", form.csrfCookie()).header("Origin", self())
                .redirects().follow(false)
                .formParam("amount_tokens", "300").formParam("idempotency_key", form.idempotencyKey())
                .formParam("csrf_token", form.csrf())
                .when().post("/portal/payouts")
                .then().statusCode(303).header("Location", containsString("/portal/login"));
        assertThat(payoutsOf(dev)).isZero();
        given().auth().oauth2(token).when().get("/v1/developer/earnings").then().statusCode(200);
    }

    /**
     * A browser may send several {@code pes_session} cookies (one per path: a {@code Path=/} one of
     * an earlier version, or one planted by a sibling of the host): signing out ends every session
     * among them, whichever comes first, and signing in again ends the session it replaces.
     */
    @Test
    void signingOutEndsEverySessionSentAndSigningInAgainEndsTheOneReplaced() {
        String token = developer(newDeveloper());
        String first = PageSignIn.session("/portal/login", token);
        String second = PageSignIn.session("/portal/login", token, first);
        given().cookie(PageSession.COOKIE, first).redirects().follow(false).when().get("/portal/payouts")
                .then().statusCode(303).header("Location", containsString("/portal/login"));
        given().cookie(PageSession.COOKIE, second).redirects().follow(false).when().get("/portal/payouts").then().statusCode(200);
        // Two sessions in one request (the first planted under a longer path by a sibling of the host, to
        // sign the browser in as the planter): neither signs in.
        String planted = PageSignIn.session("/portal/login", developer(newDeveloper()));
        given().header("Cookie", PageSession.COOKIE + "=" + planted + "; " + PageSession.COOKIE + "=" + second)
                .redirects().follow(false).when().get("/portal/payouts")
                .then().statusCode(303).header("Location", containsString("/portal/login"));

        Form form = payoutForm(second);
        // As a browser sends them: the longer path's first, then a Path=/ one (here a token planted there).
        Response out = given().header("Cookie", PageSession.COOKIE + "=" + second + "; " + PageSession.COOKIE + "=" + token
                        + "; pes_csrf=" + form.csrfCookie())
                .header("Origin", self()).formParam("csrf_token", form.csrf()).redirects().follow(false)
                .when().post("/portal/logout");
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(out.headers().getValues("Set-Cookie")).as("clears the pages' cookie and an earlier version's Path=/ one")
                .anySatisfy(c -> assertThat(c).startsWith(PageSession.COOKIE + "=;").contains("Path=/portal"))
                .anySatisfy(c -> assertThat(c).startsWith(PageSession.COOKIE + "=;").contains("Path=/;"));
        given().cookie(PageSession.COOKIE, second).redirects().follow(false).when().get("/portal/payouts")
                .then().statusCode(303).header("Location", containsString("/portal/login"));
    }

    @Test
    void withACookieOfOneDeveloperAndTheBearerOfAnotherTheJsonRouteActsAsTheBearer() {
        String a = newDeveloper();
        String b = newDeveloper();
        earned(b, 500);
        given().cookie(PageSession.COOKIE, PageSignIn.session("/portal/login", developer(a))).auth().oauth2(developer(b))
                .contentType(ContentType.JSON).header("Idempotency-Key", key()).body("{\"amount_tokens\":200}")
                .when().post("/v1/developer/payouts")
                .then().statusCode(201);
        assertThat(payoutsOf(b)).isEqualTo(1);
        assertThat(payoutsOf(a)).isZero();
    }

    @Test
    void aFormFromAnotherOriginOrWithoutItsTokenChangesNothing() {
        String dev = newDeveloper();
        earned(dev, 1000);
        String session = PageSignIn.session("/portal/login", developer(dev));
        Form form = payoutForm(session);
        assertThat(form.csrfCookie()).as("the page set the CSRF cookie").isNotBlank();

        // Another site posts the form with the victim's cookie: no token, its own Origin.
        given().cookie(PageSession.COOKIE, session).header("Origin", EVIL).redirects().follow(false)
                .formParam("amount_tokens", "300").formParam("idempotency_key", key())
                .when().post("/portal/payouts")
                .then().statusCode(403);
        // Even with the right token, another Origin is refused.
        given().cookie(PageSession.COOKIE, session).cookie("pes_csrf", form.csrfCookie()).header("Origin", EVIL)
                .redirects().follow(false)
                .formParam("amount_tokens", "300").formParam("idempotency_key", key()).formParam("csrf_token", form.csrf())
                .when().post("/portal/payouts")
                .then().statusCode(403);
        // The same Origin (as Referer) but a wrong token, or none, is refused.
        given().cookie(PageSession.COOKIE, session).cookie("pes_csrf", form.csrfCookie())
                .header("Referer", self() + "/portal/payouts").redirects().follow(false)
                .formParam("amount_tokens", "300").formParam("idempotency_key", key()).formParam("csrf_token", "forged")
                .when().post("/portal/payouts")
                .then().statusCode(403);
        given().cookie(PageSession.COOKIE, session).cookie("pes_csrf", form.csrfCookie()).header("Origin", self())
                .redirects().follow(false)
                .formParam("amount_tokens", "300").formParam("idempotency_key", key())
                .when().post("/portal/payouts")
                .then().statusCode(403);
        // A token without its cookie (the attacker's own, say) is refused.
        given().cookie(PageSession.COOKIE, session).header("Origin", self()).redirects().follow(false)
                .formParam("amount_tokens", "300").formParam("idempotency_key", key()).formParam("csrf_token", form.csrf())
                .when().post("/portal/payouts")
                .then().statusCode(403);
        // Neither Origin nor Referer: refused.
        given().cookie(PageSession.COOKIE, session).cookie("pes_csrf", form.csrfCookie()).redirects().follow(false)
                .formParam("amount_tokens", "300").formParam("idempotency_key", key()).formParam("csrf_token", form.csrf())
                .when().post("/portal/payouts")
                .then().statusCode(403);
        assertThat(payoutsOf(dev)).isZero();

        // The page's own form, from its own origin: requested.
        given().cookie(PageSession.COOKIE, session).cookie("pes_csrf", form.csrfCookie()).header("Origin", self())
                .redirects().follow(false)
                .formParam("amount_tokens", "300").formParam("idempotency_key", form.idempotencyKey())
                .formParam("csrf_token", form.csrf())
                .when().post("/portal/payouts")
                .then().statusCode(303).header("Location", containsString("/portal/payouts?requested="));
        assertThat(payoutsOf(dev)).isEqualTo(1);
    }

    @Test
    void theSignInFormCarriesATokenTooSoAnotherSiteCannotSignTheBrowserIn() {
        String attacker = developer(newDeveloper());
        given().header("Origin", EVIL).formParam("token", attacker).redirects().follow(false)
                .when().post("/portal/login")
                .then().statusCode(403).header("Set-Cookie", org.hamcrest.Matchers.not(containsString(PageSession.COOKIE + "=")));

        Response login = given().when().get("/portal/login");
        Matcher csrf = CSRF.matcher(login.asString());
        assertThat(csrf.find()).as("the sign-in form carries a CSRF token").isTrue();
        String cookie = login.getCookie("pes_csrf");
        given().cookie("pes_csrf", cookie).header("Origin", self()).formParam("token", attacker).redirects().follow(false)
                .when().post("/portal/login")
                .then().statusCode(403).header("Set-Cookie", nullValue());
        given().cookie("pes_csrf", cookie).header("Origin", self()).formParam("token", attacker)
                .formParam("csrf_token", csrf.group(1)).redirects().follow(false)
                .when().post("/portal/login")
                .then().statusCode(303).header("Set-Cookie", containsString(PageSession.COOKIE + "=s1."));
    }
}
