package com.platformeconomy.earnings.portal;

import static com.platformeconomy.earnings.Fixtures.key;
import static com.platformeconomy.earnings.Fixtures.newDeveloper;
import static com.platformeconomy.testkit.tokens.Tokens.admin;
import static com.platformeconomy.testkit.tokens.Tokens.developer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import com.platformeconomy.platform.page.PageSession;
import com.platformeconomy.testkit.pages.PageSignIn;
import com.platformeconomy.stack.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URL;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The portal's payout form carries an Idempotency-Key made when it is rendered: a double submit is one payout. */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class PortalPayoutIdempotencyTest {

    private static final Pattern KEY = Pattern.compile("name=\"idempotency_key\" value=\"([^\"]+)\"");
    private static final Pattern CSRF = Pattern.compile("name=\"csrf_token\" value=\"([^\"]+)\"");

    @TestHTTPResource("/")
    URL base;

    /** The page's CSRF cookie and form token, as the browser keeps and sends them. */
    private String csrfCookie;
    private String csrf;

    private String formKey(String token) {
        RequestSpecification request = given().cookie(PageSession.COOKIE, token);
        if (csrfCookie != null) {
            request.cookie("pes_csrf", csrfCookie);
        }
        Response response = request.when().get("/portal/payouts");
        assertThat(response.statusCode()).isEqualTo(200);
        String page = response.asString();
        if (csrfCookie == null) {
            csrfCookie = response.getCookie("pes_csrf");
        }
        Matcher c = CSRF.matcher(page);
        assertThat(c.find()).as("the form has a hidden csrf_token").isTrue();
        csrf = c.group(1);
        Matcher m = KEY.matcher(page);
        assertThat(m.find()).as("the form has a hidden idempotency_key").isTrue();
        return m.group(1);
    }

    /** A post of the payout form from this service's own page. */
    private RequestSpecification form(String token) {
        return given().cookie(PageSession.COOKIE, token).cookie("pes_csrf", csrfCookie).formParam("csrf_token", csrf)
                .header("Origin", base.getProtocol() + "://" + base.getHost() + ":" + base.getPort());
    }

    private String submit(String token, String amount, String idempotencyKey) {
        return form(token).redirects().follow(false)
                .formParam("amount_tokens", amount).formParam("idempotency_key", idempotencyKey)
                .when().post("/portal/payouts")
                .then().statusCode(303).extract().header("Location");
    }

    @Test
    void aDoubleSubmitOfOneFormIsOnePayout() {
        String dev = newDeveloper();
        given().auth().oauth2(admin()).contentType(ContentType.JSON).header("Idempotency-Key", key())
                .body("{\"developer_id\":\"" + dev + "\",\"amount\":1000,\"admin_note\":\"earned\"}")
                .when().post("/v1/admin/adjustments").then().statusCode(201);
        String token = PageSignIn.session("/portal/login", developer(dev));
        String k = formKey(token);
        assertThat(formKey(token)).as("each rendering makes a new key").isNotEqualTo(k);

        String first = submit(token, "300", k);
        String second = submit(token, "300", k);
        assertThat(second).isEqualTo(first).contains("requested=");
        given().cookie(PageSession.COOKIE, token).when().get("/portal/payouts")
                .then().statusCode(200).body(containsString("300"));
        // One payout: 700 of the 1000 remain available.
        given().cookie(PageSession.COOKIE, token).when().get("/portal/payouts")
                .then().body(containsString("id=\"available\">700<"));

        // The same form sent with another amount is refused and re-shown, and changes nothing.
        form(token).redirects().follow(false)
                .formParam("amount_tokens", "400").formParam("idempotency_key", k)
                .when().post("/portal/payouts")
                .then().statusCode(409).body(containsString("differs in amount_tokens"));
        given().cookie(PageSession.COOKIE, token).when().get("/portal/payouts")
                .then().body(containsString("id=\"available\">700<"));
    }
}
