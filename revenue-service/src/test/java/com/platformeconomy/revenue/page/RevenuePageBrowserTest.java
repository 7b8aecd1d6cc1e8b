package com.platformeconomy.revenue.page;

import static com.platformeconomy.revenue.RevenueTestSupport.award;
import static com.platformeconomy.revenue.RevenueTestSupport.charge;
import static com.platformeconomy.revenue.RevenueTestSupport.debit;
import static com.platformeconomy.revenue.RevenueTestSupport.reset;
import static com.platformeconomy.testkit.tokens.Tokens.admin;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.nullValue;

import com.platformeconomy.platform.page.PageSession;
import com.platformeconomy.testkit.pages.PageSignIn;
import com.platformeconomy.stack.LocalStackResource;
import com.platformeconomy.stack.TestTokens;
import com.platformeconomy.testkit.browser.BrowserTestBase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The revenue page in a real headless Chromium: the seed's events (seeds/000) give the seed's
 * numbers on the page, exactly as GET /api/revenue/dashboard gives them.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class RevenuePageBrowserTest extends BrowserTestBase {

    @TestHTTPResource("/")
    URL base;

    @Inject
    Pool pool;

    @BeforeEach
    void clean() {
        reset(pool);
    }

    @Test
    void theSeedsDashboardOnThePage() {
        Instant now = Instant.now();
        // The seed's 30 days: API 150 (100 of api_usage + the platform's 50 of a paid call), ad 75, hosting 20.
        debit("user:c1", 100, "api_usage", now);
        charge("user:u1", 200, 150, now);
        debit("user:adv", 75, "ad_spend", now);
        award("node-op:n1", 20, now);
        // Outside the 30 days: a million of ad spend 100 days ago.
        debit("user:adv", 1_000_000, "ad_spend", now.minus(100, ChronoUnit.DAYS));
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(api(30).getFloat("revenue.total_gross")).isEqualTo(225.0f);
            assertThat(api(365).getFloat("revenue.total_gross")).isEqualTo(1_000_225.0f);
        });

        ChromeDriver browser = chromium.driver();
        browser.manage().deleteAllCookies();
        chromium.resize(1280, 1300);
        browser.get(base + "revenue");
        awaitTitle(browser, "Sign in");
        // A developer's token is valid but not for the platform's books.
        signIn(browser, TestTokens.mint("dev:alice", "developer"));
        assertThat(text(browser, "login-error")).contains("none of the roles");
        signIn(browser, admin());
        awaitTitle(browser, "last 30 days");

        // The seed's numbers, as the seed writes them (with thousands separators where there are thousands).
        assertThat(text(browser, "api-revenue")).isEqualTo("150");
        assertThat(text(browser, "ad-revenue")).isEqualTo("75");
        assertThat(text(browser, "total-gross")).isEqualTo("225");
        assertThat(text(browser, "hosting-payouts")).isEqualTo("20");
        assertThat(text(browser, "user-pool-share")).isEqualTo("202.5");
        assertThat(text(browser, "infra-pool-share")).isEqualTo("20.25");
        assertThat(text(browser, "central-share")).isEqualTo("2.25");
        assertThat(text(browser, "platform-share")).isEqualTo("22.5");
        assertThat(text(browser, "platform-excess")).isEqualTo("2.5");
        assertThat(text(browser, "threshold")).isEqualTo("1,000");
        assertThat(text(browser, "threshold-percent")).isEqualTo("0.25");
        assertThat(text(browser, "not-funded")).contains("No goal is funded");
        assertThat(text(browser, "borrowing-unavailable")).contains("wallet-service did not answer");
        assertThat(trendDrawn(browser)).isEqualTo(30);
        // Today's row of the per-day table (folded away, so read its text content).
        assertThat(browser.findElement(By.cssSelector("#daily tbody tr:last-child")).getAttribute("textContent"))
                .contains("150", "75", "225", "20");
        chromium.screenshotFullPage(screenshots().resolve("revenue-dashboard.png"));

        // 365 days, by keyboard only: the million of ad spend comes in, with separators.
        tabTo(browser, "period-365").sendKeys(Keys.ENTER);
        awaitTitle(browser, "last 365 days");
        JsonPath year = api(365);
        assertThat(text(browser, "ad-revenue")).isEqualTo("1,000,075");
        assertThat(text(browser, "total-gross")).isEqualTo("1,000,225");
        assertThat(text(browser, "user-pool-share")).isEqualTo("900,202.5").isEqualTo(grouped(year.getString("revenue.user_pool_share")));
        assertThat(text(browser, "infra-pool-share")).isEqualTo("90,020.25");
        assertThat(text(browser, "central-share")).isEqualTo("10,002.25");
        assertThat(text(browser, "platform-excess")).isEqualTo("100,002.5");
        assertThat(text(browser, "not-funded")).contains("has reached the threshold");
        assertThat(trendDrawn(browser)).isEqualTo(365);

        // A period the API refuses is refused on the page too, with its reason.
        WebElement days = browser.findElement(By.id("period_days"));
        days.clear();
        days.sendKeys("0");
        days.submit();
        awaitTitle(browser, "Cannot show that period");
        assertThat(text(browser, "error-message")).isEqualTo("period_days must be a whole number from 1 to 3650.");

        // A phone's width: nothing runs off the side.
        chromium.resize(390, 2200);
        browser.get(base + "revenue");
        awaitTitle(browser, "last 30 days");
        assertThat(trendDrawn(browser)).isEqualTo(30);
        Number page = (Number) browser.executeScript("return document.documentElement.scrollWidth;");
        Number window = (Number) browser.executeScript("return window.innerWidth;");
        assertThat(page.intValue()).isLessThanOrEqualTo(window.intValue());
        chromium.screenshot(screenshots().resolve("revenue-dashboard-phone.png"));
        chromium.resize(1280, 1300);

        browser.findElement(By.cssSelector("form.signout button")).click();
        awaitTitle(browser, "Sign in");
        browser.get(base + "revenue");
        awaitTitle(browser, "Sign in");
    }

    @Test
    void emptyPeriodsAreExplainedAndTheApiTakesTheAuthorizationHeaderOnly() {
        given().cookie(PageSession.COOKIE, PageSignIn.session("/revenue/login", admin())).when().get("/revenue?period_days=7")
                .then().statusCode(200).body(containsString("No revenue in this period"));
        // The sign-in form, sent as the browser sends it: with the CSRF token of the page that showed it.
        io.restassured.response.Response form = given().when().get("/revenue/login");
        java.util.regex.Matcher csrf = java.util.regex.Pattern.compile("name=\"csrf_token\" value=\"([^\"]+)\"")
                .matcher(form.asString());
        assertThat(csrf.find()).isTrue();
        String origin = base.getProtocol() + "://" + base.getHost() + ":" + base.getPort();
        given().cookie("pes_csrf", form.getCookie("pes_csrf")).header("Origin", origin)
                .formParam("csrf_token", csrf.group(1)).formParam("token", admin()).redirects().follow(false)
                .when().post("/revenue/login")
                .then().statusCode(303).header("Location", endsWith("/revenue"))
                .header("Set-Cookie", allOf(containsString("HttpOnly"), containsString("SameSite=Strict")));
        given().cookie("pes_csrf", form.getCookie("pes_csrf")).header("Origin", origin)
                .formParam("csrf_token", csrf.group(1)).formParam("token", "garbage").redirects().follow(false)
                .when().post("/revenue/login")
                .then().statusCode(400).header("Set-Cookie", nullValue());
        given().redirects().follow(false).when().get("/revenue").then().statusCode(303)
                .header("Location", endsWith("/revenue/login"));
        given().auth().oauth2(admin()).when().get("/api/revenue/dashboard").then().statusCode(200);
        // The session cookie is not a bearer token for the JSON routes.
        given().cookie(PageSession.COOKIE, PageSignIn.session("/revenue/login", admin())).when().get("/api/revenue/dashboard")
                .then().statusCode(401);
    }

    private static JsonPath api(int days) {
        return given().auth().oauth2(admin()).queryParam("period_days", days).when().get("/api/revenue/dashboard")
                .then().statusCode(200).extract().jsonPath();
    }

    /** The API's decimal with the page's separators: "900202.5" → "900,202.5". */
    private static String grouped(String decimal) {
        return PageFormats.exact(new java.math.BigDecimal(decimal));
    }

    /** Waits for the Chart.js chart and returns its number of days (the same as the table's rows). */
    private static long trendDrawn(ChromeDriver browser) {
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(b -> Boolean.TRUE.equals(((ChromeDriver) b)
                .executeScript("return typeof Chart !== 'undefined' && !!Chart.getChart('trend-chart');")));
        Number points = (Number) browser.executeScript("return Chart.getChart('trend-chart').data.labels.length;");
        Number rows = (Number) browser.executeScript("return document.querySelectorAll('#daily tbody tr').length;");
        assertThat(points.longValue()).isEqualTo(rows.longValue());
        return points.longValue();
    }
}
