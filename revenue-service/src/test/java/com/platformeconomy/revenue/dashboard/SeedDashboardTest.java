package com.platformeconomy.revenue.dashboard;

import static com.platformeconomy.revenue.RevenueTestSupport.*;
import static com.platformeconomy.testkit.tokens.Tokens.admin;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.platformeconomy.contracts.event.Topics;
import com.platformeconomy.stack.LocalStackResource;
import com.platformeconomy.stack.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The seed's dashboard (seeds/000) from real events through Kafka, each delivered three times. */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class SeedDashboardTest {

    private static final String SEED = """
            {
              "revenue": {
                "period_days": 30,
                "api_revenue": 150.0,
                "ad_revenue": 75.0,
                "hosting_payouts": 20.0,
                "total_gross": 225.0,
                "user_pool_share": 202.5,
                "infra_pool_share": 20.25,
                "central_share": 2.25,
                "platform_share": 22.5
              },
              "trading": {
                "funded": false,
                "platform_excess": 2.5,
                "threshold": 1000
              }
            }""";

    @Inject
    Pool pool;

    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void clean() {
        reset(pool);
    }

    @Test
    void theSeedsNumbersFromRealEventsReplayedThreeTimes() throws Exception {
        Instant now = Instant.now();
        Instant fortyDaysAgo = now.minus(40, ChronoUnit.DAYS);
        List<String[]> sent = new ArrayList<>(); // topic, key, json
        // API revenue 150: a commercial api_usage debit in full, plus the platform share of a paid app action.
        sent.add(new String[] {Topics.BILLING_EVENTS, "user:c1", debit("user:c1", 100, "api_usage", now)});
        sent.add(new String[] {Topics.BILLING_EVENTS, "user:u1", charge("user:u1", 200, 150, now)});
        // Ad revenue 75.
        sent.add(new String[] {Topics.BILLING_EVENTS, "user:adv", debit("user:adv", 75, "ad_spend", now)});
        // Hosting payouts 20.
        sent.add(new String[] {Topics.SETTLEMENT_AWARDED, "node-op:n1", award("node-op:n1", 20, now)});
        // Not revenue: a credit, a tier fee, a free call; and ad revenue outside the 30 days.
        sent.add(new String[] {Topics.BILLING_EVENTS, "user:c1", credit("user:c1", 500, now)});
        sent.add(new String[] {Topics.BILLING_EVENTS, "dev:acme", debit("dev:acme", 9000, "tier_fee", now)});
        sent.add(new String[] {Topics.BILLING_EVENTS, "user:u2", charge("user:u2", 0, 0, now)});
        sent.add(new String[] {Topics.BILLING_EVENTS, "user:adv", debit("user:adv", 1000, "ad_spend", fortyDaysAgo)});
        // Two more deliveries of every event.
        for (int round = 0; round < 2; round++) {
            for (String[] event : sent) {
                sendRaw(event[0], event[1], event[2]);
            }
        }

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertSeed(dashboard(null)));
        // The 40-day-old ad spend follows the recent one on its partition and may land in a later
        // batch than the one that completed the 30-day figures: awaited too, not assumed.
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(admin()).queryParam("period_days", 3650).when().get("/api/revenue/dashboard")
                        .then().statusCode(200).body("revenue.ad_revenue", equalTo(1075.0f)));

        // A third round of replays, each followed by a new event on the same key (and so the same
        // partition): once the new events are counted, the replays before them were consumed too.
        Instant longAgo = Instant.parse("2001-06-15T12:00:00Z");
        for (String[] event : sent) {
            sendRaw(event[0], event[1], event[2]);
            if (event[0].equals(Topics.BILLING_EVENTS)) {
                debit(event[1], 1, "api_usage", longAgo);
            } else {
                award(event[1], 1, longAgo);
            }
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                scalar(pool, "SELECT COALESCE(sum(events), 0) FROM revenue_rollup WHERE day = '2001-06-15'") == sent.size());
        assertSeed(dashboard(null));
        assertThat(scalar(pool, "SELECT sum(events) FROM revenue_rollup WHERE day > current_date - 30")).isEqualTo(4);
    }

    @Test
    void badPeriodsAreRefusedAndTheDashboardNeedsAnAdminOrServiceToken() {
        for (String bad : new String[] {"0", "3651", "-1", "abc", "1.5", "99999"}) {
            given().auth().oauth2(admin()).queryParam("period_days", bad).when().get("/api/revenue/dashboard")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("code", equalTo("invalid_period_days"));
        }
        given().when().get("/api/revenue/dashboard").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.mint("user:alice", "user")).when().get("/api/revenue/dashboard")
                .then().statusCode(403);
        given().auth().oauth2(TestTokens.service("settlement-service", "revenue-service"))
                .when().get("/api/revenue/dashboard").then().statusCode(403);
        given().auth().oauth2(TestTokens.mint("admin:ops", "admin")).queryParam("period_days", 1)
                .when().get("/api/revenue/dashboard").then().statusCode(200).body("revenue.period_days", equalTo(1));
    }

    @Test
    void withoutWalletServiceTheRevenueIsStillAnsweredAndComputeBorrowingIsMarkedUnavailable() {
        given().auth().oauth2(admin()).when().get("/api/revenue/dashboard")
                .then().statusCode(200)
                .body("revenue.total_gross", equalTo(0.0f))
                .body("compute_borrowing.unavailable", equalTo(true))
                .body("compute_borrowing.active_escrows", nullValue())
                .body("compute_borrowing.total_spark_escrowed", nullValue());
    }

    private void assertSeed(String body) throws Exception {
        JsonNode actual = json.readTree(body);
        JsonNode expected = json.readTree(SEED);
        assertThat(fieldNames(actual)).containsExactly("revenue", "trading", "compute_borrowing");
        assertThat(actual.get("revenue")).isEqualTo(expected.get("revenue"));
        assertThat(actual.get("trading")).isEqualTo(expected.get("trading"));
        // Numbers are written as the seed writes them.
        assertThat(body).contains("\"api_revenue\":150.0", "\"user_pool_share\":202.5", "\"infra_pool_share\":20.25",
                "\"central_share\":2.25", "\"platform_excess\":2.5", "\"threshold\":1000");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        Iterator<String> it = node.fieldNames();
        it.forEachRemaining(names::add);
        return names;
    }

    static String dashboard(Integer periodDays) {
        var request = given().auth().oauth2(admin());
        if (periodDays != null) {
            request = request.queryParam("period_days", periodDays);
        }
        return request.when().get("/api/revenue/dashboard").then().statusCode(200).extract().asString();
    }

}
