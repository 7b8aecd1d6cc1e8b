package com.platformeconomy.revenue.page;

import static com.platformeconomy.testkit.tokens.Tokens.admin;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.not;

import com.platformeconomy.platform.page.PageSession;
import com.platformeconomy.stack.LocalStackResource;
import com.platformeconomy.stack.TestTokens;
import com.platformeconomy.testkit.pages.PageSignIn;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URL;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The attacks of issue 17 on the revenue page, against the real service: the admin's session
 * cookie does not open the JSON routes, and the sign-in and sign-out forms refuse a post from
 * another site or without their CSRF token.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class RevenuePageAttackTest {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf_token\" value=\"([^\"]+)\"");

    @TestHTTPResource("/")
    URL base;

    private String self() {
        return base.getProtocol() + "://" + base.getHost() + ":" + base.getPort();
    }

    @Test
    void theAdminsSessionCookieDoesNotOpenTheJsonRoutes() {
        String session = PageSignIn.session("/revenue/login", admin());
        given().cookie(PageSession.COOKIE, session).when().get("/api/revenue/dashboard")
                .then().statusCode(401).contentType("application/problem+json");
        given().cookie(PageSession.COOKIE, session).contentType(io.restassured.http.ContentType.JSON).body("{}")
                .when().post("/api/revenue/distributions/run")
                .then().statusCode(401).contentType("application/problem+json");
        // The bearer decides, whatever cookie rides along: a user's bearer beside an admin's cookie is a user.
        given().cookie(PageSession.COOKIE, session).auth().oauth2(TestTokens.mint("user:bob", "user"))
                .when().get("/api/revenue/dashboard")
                .then().statusCode(403);
        // The page itself still signs in with the cookie.
        given().cookie(PageSession.COOKIE, session).when().get("/revenue?period_days=7").then().statusCode(200);
    }

    /** SPEC §10: the cookie's value is the service's sealed session, no bearer token, and signing out ends it. */
    @Test
    void aStolenSessionCookieIsNoBearerTokenAndDiesWithSignOut() {
        String token = admin();
        String session = PageSignIn.session("/revenue/login", token);
        assertThat(session).isNotEqualTo(token).doesNotContain(token.split("\\.")[1]);
        given().auth().oauth2(session).contentType(io.restassured.http.ContentType.JSON).body("{}")
                .when().post("/api/revenue/distributions/run")
                .then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(session).when().get("/api/revenue/dashboard").then().statusCode(401);
        // A token planted as the cookie is no session.
        given().cookie(PageSession.COOKIE, token).redirects().follow(false).when().get("/revenue")
                .then().statusCode(303).header("Location", containsString("/revenue/login"));

        Response page = given().cookie(PageSession.COOKIE, session).when().get("/revenue");
        assertThat(page.statusCode()).isEqualTo(200);
        Matcher signOut = CSRF.matcher(page.asString());
        assertThat(signOut.find()).isTrue();
        given().cookie(PageSession.COOKIE, session).cookie("pes_csrf", page.getCookie("pes_csrf")).header("Origin", self())
                .formParam("csrf_token", signOut.group(1)).redirects().follow(false)
                .when().post("/revenue/logout")
                .then().statusCode(303).header("Location", endsWith("/revenue/login"));
        // The copy kept after signing out opens the page no more; the token itself still works as a bearer.
        given().cookie(PageSession.COOKIE, session).redirects().follow(false).when().get("/revenue")
                .then().statusCode(303).header("Location", containsString("/revenue/login"));
        given().auth().oauth2(token).when().get("/api/revenue/dashboard").then().statusCode(200);
    }

    @Test
    void signInAndSignOutRefuseAnotherSitesPostAndAFormWithoutItsToken() {
        given().header("Origin", "https://evil.example").formParam("token", admin()).redirects().follow(false)
                .when().post("/revenue/login")
                .then().statusCode(403).header("Set-Cookie", not(containsString(PageSession.COOKIE + "=")));

        Response login = given().when().get("/revenue/login");
        Matcher csrf = CSRF.matcher(login.asString());
        assertThat(csrf.find()).as("the sign-in form carries a CSRF token").isTrue();
        String cookie = login.getCookie("pes_csrf");
        assertThat(cookie).isNotBlank();
        given().cookie("pes_csrf", cookie).header("Origin", self()).formParam("token", admin())
                .formParam("csrf_token", "forged").redirects().follow(false)
                .when().post("/revenue/login")
                .then().statusCode(403);
        given().cookie("pes_csrf", cookie).header("Origin", "https://evil.example").formParam("token", admin())
                .formParam("csrf_token", csrf.group(1)).redirects().follow(false)
                .when().post("/revenue/login")
                .then().statusCode(403);
        given().cookie("pes_csrf", cookie).header("Origin", self()).formParam("token", admin())
                .formParam("csrf_token", csrf.group(1)).redirects().follow(false)
                .when().post("/revenue/login")
                .then().statusCode(303).header("Location", endsWith("/revenue"))
                .header("Set-Cookie", containsString(PageSession.COOKIE + "="));
        String session = PageSignIn.session("/revenue/login", admin());

        // Sign-out is a form too: another site cannot end the session.
        given().cookie(PageSession.COOKIE, session).header("Origin", "https://evil.example").redirects().follow(false)
                .when().post("/revenue/logout")
                .then().statusCode(403);
        Response page = given().cookie(PageSession.COOKIE, session).cookie("pes_csrf", cookie).when().get("/revenue");
        Matcher signOut = CSRF.matcher(page.asString());
        assertThat(signOut.find()).as("the sign-out form carries a CSRF token").isTrue();
        given().cookie(PageSession.COOKIE, session).cookie("pes_csrf", cookie).header("Origin", self())
                .formParam("csrf_token", signOut.group(1)).redirects().follow(false)
                .when().post("/revenue/logout")
                .then().statusCode(303).header("Location", endsWith("/revenue/login"));
    }
}
