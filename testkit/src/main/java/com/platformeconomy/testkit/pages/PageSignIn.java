package com.platformeconomy.testkit.pages;

import static io.restassured.RestAssured.given;

import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Signs in to a service's pages as a browser does: fetches the sign-in form (its CSRF token and
 * cookie), posts the token from the service's own origin, and returns the {@code pes_session}
 * cookie the service set. The cookie's value is the service's own (platform PageSessions), not the
 * token: tests that need a page session get one here, never by planting a token as the cookie.
 */
public final class PageSignIn {

    /** The session cookie's name (platform PageSession.COOKIE). */
    public static final String COOKIE = "pes_session";

    private static final Pattern CSRF = Pattern.compile("name=\"csrf_token\" value=\"([^\"]+)\"");

    private PageSignIn() {
    }

    /** The origin RestAssured sends requests to, as the page's forms would post from. */
    public static String origin() {
        return RestAssured.baseURI + ":" + RestAssured.port;
    }

    /** The session cookie's value after signing in with {@code token} at {@code loginPath} (e.g. /portal/login). */
    public static String session(String loginPath, String token) {
        return session(loginPath, token, null);
    }

    /** As {@link #session(String, String)}, from a browser that holds the session cookie {@code held} (null: none). */
    public static String session(String loginPath, String token, String held) {
        Response form = given().when().get(loginPath);
        if (form.statusCode() != 200) {
            throw new AssertionError("GET " + loginPath + " answered " + form.statusCode());
        }
        Matcher csrf = CSRF.matcher(form.asString());
        if (!csrf.find()) {
            throw new AssertionError("the sign-in form at " + loginPath + " carries no CSRF token");
        }
        var request = given().cookie("pes_csrf", form.getCookie("pes_csrf")).header("Origin", origin());
        if (held != null) {
            request.cookie(COOKIE, held);
        }
        Response signedIn = request.formParam("token", token).formParam("csrf_token", csrf.group(1)).redirects().follow(false)
                .when().post(loginPath);
        // Besides the session, the answer clears an earlier version's Path=/ cookie of the same name.
        String session = signedIn.getDetailedCookies().getList(COOKIE).stream().map(io.restassured.http.Cookie::getValue)
                .filter(value -> value != null && !value.isEmpty()).findFirst().orElse(null);
        if (signedIn.statusCode() != 303 || session == null || session.isEmpty()) {
            throw new AssertionError("signing in at " + loginPath + " answered " + signedIn.statusCode()
                    + " without a session cookie: " + signedIn.asString());
        }
        return session;
    }
}
