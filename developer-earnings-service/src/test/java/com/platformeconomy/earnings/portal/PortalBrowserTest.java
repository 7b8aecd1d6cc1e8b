package com.platformeconomy.earnings.portal;

import static com.platformeconomy.earnings.Fixtures.approvedApp;
import static com.platformeconomy.earnings.Fixtures.charge;
import static com.platformeconomy.earnings.Fixtures.encode;
import static com.platformeconomy.earnings.Fixtures.newAppId;
import static com.platformeconomy.earnings.Fixtures.newDeveloper;
import static com.platformeconomy.earnings.Fixtures.publish;
import static com.platformeconomy.testkit.tokens.Tokens.admin;
import static com.platformeconomy.testkit.tokens.Tokens.developer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.platformeconomy.contracts.event.EventIds;
import com.platformeconomy.platform.page.PageSession;
import com.platformeconomy.stack.LocalStackResource;
import com.platformeconomy.testkit.browser.BrowserTestBase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Dev Portal in a real headless Chromium against the real service and stack: sign in with a
 * pasted token, open an app's analytics, switch 7d / 30d / all and see the API's figures, request
 * a payout and see what is pending change; bad input is refused and changes nothing.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class PortalBrowserTest extends BrowserTestBase {

    @TestHTTPResource("/")
    URL base;

    @Inject
    Pool pool;

    @Test
    void signInSwitchWindowsAndRequestAPayout() {
        String dev = newDeveloper();
        String app = newAppId();
        approvedApp(dev, app, 1998);
        Instant now = Instant.now();
        Instant tenDaysAgo = now.minus(10, ChronoUnit.DAYS);
        Instant fortyDaysAgo = now.minus(40, ChronoUnit.DAYS);
        publish(List.of(
                encode(charge(EventIds.uuidV7(), "user:a", app, dev, false, 2000, 1500, 500, now)),
                encode(charge(EventIds.uuidV7(), "user:b", app, dev, false, 4000, 3000, 1000, now)),
                encode(charge(EventIds.uuidV7(), "user:c", app, dev, false, 2000, 1500, 500, tenDaysAgo)),
                encode(charge(EventIds.uuidV7(), "user:a", app, dev, false, 2000, 1500, 500, tenDaysAgo)),
                encode(charge(EventIds.uuidV7(), "user:d", app, dev, false, 8000, 6000, 2000, fortyDaysAgo))));
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(analytics(dev, app, "all").getLong("actions")).isEqualTo(5));

        ChromeDriver browser = chromium.driver();
        browser.manage().deleteAllCookies();
        chromium.resize(1280, 1300);

        // Not signed in: the portal asks for a token, and a bad one is refused with a reason.
        browser.get(base + "portal/apps");
        awaitTitle(browser, "Sign in");
        signIn(browser, "not-a-token");
        assertThat(text(browser, "login-error")).contains("refused");
        assertThat(browser.manage().getCookieNamed(PageSession.COOKIE)).isNull();
        signIn(browser, developer(dev));
        awaitTitle(browser, "My apps");
        Cookie session = browser.manage().getCookieNamed(PageSession.COOKIE);
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Strict");
        assertThat(text(browser, "signed-in-as")).isEqualTo(dev);
        assertThat(browser.findElement(By.id("apps")).getText()).contains(app, "active", "2,000");
        chromium.screenshotFullPage(screenshots().resolve("portal-apps.png"));

        // The Analytics tab: 30 days by default, then 7 days and all, each exactly as the API answers.
        browser.findElement(By.cssSelector("a[href='/portal/apps/" + app + "/analytics']")).click();
        awaitTitle(browser, "Analytics");
        assertFigures(browser, analytics(dev, app, "30"));
        assertThat(text(browser, "revenue")).isEqualTo("7,500");
        assertThat(chartDrawn(browser)).isTrue();
        chromium.screenshotFullPage(screenshots().resolve("portal-analytics.png"));

        browser.findElement(By.id("window-7")).click();
        awaitCurrent(browser, "window-7");
        assertFigures(browser, analytics(dev, app, "7"));
        assertThat(text(browser, "revenue")).isEqualTo("4,500");

        browser.findElement(By.id("window-all")).click();
        awaitCurrent(browser, "window-all");
        assertFigures(browser, analytics(dev, app, "all"));
        assertThat(text(browser, "revenue")).isEqualTo("13,500");
        assertThat(chartDrawn(browser)).isTrue();

        // Keyboard only: Tab to "30 days" and press Enter.
        tabTo(browser, "window-30").sendKeys(Keys.ENTER);
        awaitCurrent(browser, "window-30");
        assertFigures(browser, analytics(dev, app, "30"));

        // A window the API refuses gets a clear error page.
        browser.get(base + "portal/apps/" + app + "/analytics?days=week");
        assertThat(text(browser, "error-message")).contains("days must be a whole number from 1 to 3650, or all");

        // At a phone's width nothing runs off the side.
        chromium.resize(390, 1400);
        browser.get(base + "portal/apps/" + app + "/analytics?days=all");
        awaitCurrent(browser, "window-all");
        assertThat(chartDrawn(browser)).isTrue();
        assertNoSidewaysScroll(browser);
        chromium.screenshot(screenshots().resolve("portal-analytics-phone.png"));
        chromium.resize(1280, 1300);

        // The Earnings tab shows the seed's four figures as the API gives them.
        browser.get(base + "portal/apps/" + app + "/earnings");
        awaitTitle(browser, "Earnings");
        Map<String, Object> totals = earnings(dev);
        assertThat(text(browser, "total-earnings")).isEqualTo(grouped(totals.get("total_earnings")));
        assertThat(text(browser, "total-platform-share")).isEqualTo(grouped(totals.get("total_platform_share")));
        assertThat(text(browser, "pending-payout")).isEqualTo(grouped(totals.get("pending_payout")));
        assertThat(text(browser, "paid-out")).isEqualTo(grouped(totals.get("paid_out")));
        assertThat(text(browser, "total-earnings")).isEqualTo("13,500");
        chromium.screenshotFullPage(screenshots().resolve("portal-earnings.png"));

        // Payouts: bad amounts are refused and change nothing; a good one shows as pending approval.
        browser.findElement(By.linkText("Payout requests")).click();
        awaitTitle(browser, "Payouts");
        assertThat(browser.findElement(By.id("payouts-empty")).getText()).contains("No payout requests yet");
        for (String bad : List.of("12.5", "-3", "lots", "0")) {
            requestPayout(browser, bad);
            assertThat(text(browser, "payout-error")).contains("whole number of tokens");
            assertThat(text(browser, "available")).isEqualTo("13,500");
        }
        requestPayout(browser, "20000");
        assertThat(text(browser, "payout-error")).contains("exceeds the 13500 earned");
        assertThat(text(browser, "available")).isEqualTo("13,500");
        assertThat(payoutsOf(dev)).isZero();

        requestPayout(browser, "3,000");
        assertThat(text(browser, "payout-notice")).contains("requested");
        assertThat(text(browser, "awaiting")).isEqualTo("3,000");
        assertThat(text(browser, "available")).isEqualTo("10,500");
        assertThat(text(browser, "pending-payout")).isEqualTo("13,500");
        assertThat(browser.findElement(By.id("payouts")).getText()).contains("3,000", "$3.00", "requested");
        assertThat(payoutsOf(dev)).isEqualTo(1);

        // An admin approves it (through the API): pending payout drops and paid out grows.
        long id = Long.parseLong(browser.findElement(By.cssSelector("#payouts tbody th")).getText());
        given().auth().oauth2(admin()).when().post("/v1/admin/payouts/" + id + "/approve").then().statusCode(200);
        browser.get(base + "portal/payouts");
        awaitTitle(browser, "Payouts");
        assertThat(text(browser, "pending-payout")).isEqualTo(grouped(earnings(dev).get("pending_payout")))
                .isEqualTo("10,500");
        assertThat(text(browser, "paid-out")).isEqualTo("3,000");
        assertThat(text(browser, "awaiting")).isEqualTo("0");
        chromium.screenshotFullPage(screenshots().resolve("portal-payouts.png"));

        // Another developer sees none of it.
        signOut(browser);
        String other = newDeveloper();
        browser.get(base + "portal/login");
        signIn(browser, developer(other));
        awaitTitle(browser, "My apps");
        assertThat(browser.findElement(By.id("apps-empty")).getText()).contains("No apps yet");
        browser.get(base + "portal/apps/" + app + "/analytics");
        assertThat(text(browser, "error-message")).contains("There is no app " + app);
        signOut(browser);
    }

    @Test
    void theSignInFormSetsAnHttpOnlyStrictCookieAndTheApiTakesTheHeaderOnly() {
        String dev = newDeveloper();
        String token = developer(dev);
        signInForm().formParam("token", "Bearer " + token).redirects().follow(false)
                .when().post("/portal/login")
                .then().statusCode(303)
                .header("Location", org.hamcrest.Matchers.endsWith("/portal/apps"))
                .header("Set-Cookie", org.hamcrest.Matchers.allOf(
                        org.hamcrest.Matchers.containsString(PageSession.COOKIE + "=s1."),
                        org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString(token)),
                        org.hamcrest.Matchers.containsString("Path=/portal;"),
                        org.hamcrest.Matchers.containsString("HttpOnly"),
                        org.hamcrest.Matchers.containsString("SameSite=Strict")));
        // Refused tokens and tokens without a portal role set no cookie.
        for (String bad : List.of("", "abc.def.ghi", com.platformeconomy.stack.TestTokens.mint("user:zoe", "user"))) {
            signInForm().formParam("token", bad).redirects().follow(false)
                    .when().post("/portal/login")
                    .then().statusCode(400).header("Set-Cookie", org.hamcrest.Matchers.nullValue());
        }
        // An open redirect is not possible through "next".
        signInForm().formParam("token", token).formParam("next", "https://example.invalid/").redirects().follow(false)
                .when().post("/portal/login")
                .then().statusCode(303).header("Location", org.hamcrest.Matchers.endsWith("/portal/apps"));
        // The JSON API takes the Authorization header only: the session cookie is not a bearer token there.
        given().auth().oauth2(token).when().get("/v1/developer/earnings").then().statusCode(200);
        given().cookie(PageSession.COOKIE, token).when().get("/v1/developer/earnings").then().statusCode(401);
        given().when().get("/v1/developer/earnings").then().statusCode(401);
        // Pages without a session send the browser to sign in.
        given().redirects().follow(false).when().get("/portal/payouts")
                .then().statusCode(303).header("Location", org.hamcrest.Matchers.containsString("/portal/login?next=%2Fportal%2Fpayouts"));
    }

    /** The sign-in form as the browser sends it: with the CSRF token of the page that showed it, from this origin. */
    private io.restassured.specification.RequestSpecification signInForm() {
        io.restassured.response.Response form = given().when().get("/portal/login");
        java.util.regex.Matcher csrf = java.util.regex.Pattern.compile("name=\"csrf_token\" value=\"([^\"]+)\"")
                .matcher(form.asString());
        assertThat(csrf.find()).as("the sign-in form carries a CSRF token").isTrue();
        return given().cookie("pes_csrf", form.getCookie("pes_csrf")).formParam("csrf_token", csrf.group(1))
                .header("Origin", base.getProtocol() + "://" + base.getHost() + ":" + base.getPort());
    }

    // --- the browser ---

    private static void signOut(WebDriver browser) {
        browser.findElement(By.cssSelector("form.signout button")).click();
        awaitTitle(browser, "Sign in");
    }

    private static void requestPayout(WebDriver browser, String amount) {
        WebElement field = browser.findElement(By.id("amount_tokens"));
        field.clear();
        field.sendKeys(amount);
        browser.findElement(By.id("request-payout")).click();
        awaitGone(browser, field);
    }

    private static void awaitCurrent(WebDriver browser, String windowLink) {
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.attributeToBe(
                By.id(windowLink), "aria-current", "page"));
    }

    private static void assertFigures(WebDriver browser, JsonPath api) {
        assertThat(text(browser, "actions")).isEqualTo(grouped(api.getLong("actions")));
        assertThat(text(browser, "revenue")).isEqualTo(grouped(api.getLong("revenue")));
        assertThat(text(browser, "unique-users")).isEqualTo(grouped(api.getLong("unique_users")));
        assertThat(text(browser, "period-days")).startsWith(grouped(api.getLong("period_days")) + " day");
    }

    private static boolean chartDrawn(ChromeDriver browser) {
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(b -> Boolean.TRUE.equals(((ChromeDriver) b)
                .executeScript("return typeof Chart !== 'undefined' && !!Chart.getChart('daily-chart');")));
        Object points = browser.executeScript("return Chart.getChart('daily-chart').data.datasets[0].data.length;");
        Object rows = browser.executeScript("return document.querySelectorAll('#daily tbody tr').length;");
        return ((Number) points).longValue() > 0 && points.equals(rows);
    }

    private static void assertNoSidewaysScroll(ChromeDriver browser) {
        Number page = (Number) browser.executeScript("return document.documentElement.scrollWidth;");
        Number window = (Number) browser.executeScript("return window.innerWidth;");
        assertThat(page.intValue()).isLessThanOrEqualTo(window.intValue());
    }

    /** From the top of the page, presses Tab until the element with {@code id} has the focus (keyboard only), and returns it. */

    // --- the API, for the figures the page must show ---

    private static JsonPath analytics(String dev, String app, String days) {
        return given().auth().oauth2(developer(dev)).queryParam("days", days)
                .when().get("/v1/developer/apps/" + app + "/analytics")
                .then().statusCode(200).extract().jsonPath();
    }

    private static Map<String, Object> earnings(String dev) {
        return given().auth().oauth2(developer(dev)).when().get("/v1/developer/earnings")
                .then().statusCode(200).extract().jsonPath().getMap("$");
    }

    /** Payout rows of the developer, read from the service's own table: proof that a refusal wrote nothing. */
    private long payoutsOf(String dev) {
        return pool.preparedQuery("SELECT count(*) FROM developer_payouts WHERE developer_id = $1")
                .execute(Tuple.of(dev)).await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
    }

    private static String grouped(Object number) {
        return String.format(Locale.ROOT, "%,d", ((Number) number).longValue());
    }
}
