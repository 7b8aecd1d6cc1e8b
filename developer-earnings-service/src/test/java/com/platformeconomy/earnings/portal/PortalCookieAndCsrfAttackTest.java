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
        String session = developer(dev);

        given().cookie(PageSession.COOKIE, session).contentType(ContentType.JSON).header("Idempotency-Key", key())
                .body("{\"amount_tokens\":100}")
                .when().post("/v1/developer/payouts")
                .then().statusCode(401).contentType("application/problem+json").body("code", equalTo("unauthorized"));
        assertThat(payoutsOf(dev)).isZero();

        given().cookie(PageSession.COOKIE, session).when().get("/v1/developer/earnings")
                .then().statusCode(401).contentType("application/problem+json");
        given().cookie(PageSession.COOKIE, admin()).when().post("/v1/admin/apps/app-none/approve")
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void withACookieOfOneDeveloperAndTheBearerOfAnotherTheJsonRouteActsAsTheBearer() {
        String a = newDeveloper();
        String b = newDeveloper();
        earned(b, 500);
        given().cookie(PageSession.COOKIE, developer(a)).auth().oauth2(developer(b))
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
        String session = developer(dev);
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
                .then().statusCode(303).header("Set-Cookie", containsString(PageSession.COOKIE + "=" + attacker));
    }
}
