package com.platformeconomy.earnings.portal;

import static com.platformeconomy.earnings.Fixtures.newDeveloper;
import static com.platformeconomy.testkit.tokens.Tokens.developer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import com.platformeconomy.platform.page.PageSession;
import com.platformeconomy.stack.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The portal behind a TLS-terminating proxy, configured as production configures it (forwarded
 * headers believed from the trusted proxy only, here this test's own address): the page's origin is
 * the https one the browser used, the cookies are Secure, and a form must come from that origin.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
@TestProfile(PortalBehindTlsProxyTest.BehindProxy.class)
class PortalBehindTlsProxyTest {

    public static class BehindProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.proxy.proxy-address-forwarding", "true",
                    "quarkus.http.proxy.allow-x-forwarded", "true",
                    "quarkus.http.proxy.enable-forwarded-host", "true",
                    "quarkus.http.proxy.trusted-proxies", "127.0.0.1,0:0:0:0:0:0:0:1");
        }
    }

    private static final Pattern CSRF = Pattern.compile("name=\"csrf_token\" value=\"([^\"]+)\"");
    private static final String PUBLIC = "https://portal.example";

    @Test
    void theBrowsersHttpsOriginCountsAndTheCookiesAreSecure() {
        Response login = given().header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "portal.example")
                .when().get("/portal/login");
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.getDetailedCookie("pes_csrf").isSecured()).as("pes_csrf is Secure behind TLS").isTrue();
        Matcher csrf = CSRF.matcher(login.asString());
        assertThat(csrf.find()).isTrue();
        String cookie = login.getCookie("pes_csrf");
        String token = developer(newDeveloper());

        // The proxy's direct address is not where the browser was: its origin is refused.
        given().header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "portal.example")
                .cookie("pes_csrf", cookie).formParam("csrf_token", csrf.group(1)).formParam("token", token)
                .header("Origin", "http://portal.example").redirects().follow(false)
                .when().post("/portal/login")
                .then().statusCode(403);
        given().header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "portal.example")
                .cookie("pes_csrf", cookie).formParam("csrf_token", csrf.group(1)).formParam("token", token)
                .header("Origin", PUBLIC).redirects().follow(false)
                .when().post("/portal/login")
                .then().statusCode(303)
                .header("Set-Cookie", allOf(containsString(PageSession.COOKIE + "=s1."), not(containsString(token)), containsString("Secure")));
    }
}
