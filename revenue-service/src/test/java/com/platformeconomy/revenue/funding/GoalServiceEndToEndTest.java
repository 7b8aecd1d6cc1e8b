package com.platformeconomy.revenue.funding;

import static com.platformeconomy.revenue.RevenueTestSupport.*;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.platformeconomy.stack.LocalStackResource;
import com.platformeconomy.stack.RunningService;
import com.platformeconomy.stack.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Auto-funding against the real goal-service: the decision's request becomes exactly one paper goal. */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class GoalServiceEndToEndTest {

    @Inject
    Pool pool;

    @Test
    void crossingTheThresholdMakesExactlyOnePaperGoalInGoalService() throws Exception {
        reset(pool);
        try (RunningService goals = RunningService.start("goal-service", Map.of())) {
            debit("user:big", 15_000, "api_usage", Instant.now()); // excess 1500 → budget 150
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                    scalar(pool, "SELECT COALESCE(sum(amount), 0) FROM revenue_rollup WHERE stream = 'api'") == 15_000);

            ExecutorService threads = Executors.newFixedThreadPool(4);
            List<Callable<Integer>> checks = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                checks.add(() -> check().statusCode());
            }
            for (java.util.concurrent.Future<Integer> done : threads.invokeAll(checks)) {
                assertThat(done.get()).isEqualTo(200);
            }
            threads.shutdown();
            check();

            String admin = TestTokens.mint("admin:root", "admin");
            String goalId = Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                    given().auth().oauth2(admin).when().get("/api/revenue/dashboard")
                            .then().statusCode(200).extract().<String>path("trading.goal_id"), id -> id != null);
            String requestId = pool.query("SELECT request_id FROM funding_decision").execute()
                    .await().atMost(Duration.ofSeconds(5)).iterator().next().getString("request_id");

            JsonPath listed = given().auth().oauth2(admin).baseUri(goals.url()).queryParam("request_id", requestId)
                    .when().get("/api/goals").then().statusCode(200).extract().jsonPath();
            assertThat(listed.getList("$")).hasSize(1);
            assertThat(listed.getString("[0].goal_id")).isEqualTo(goalId);
            assertThat(listed.getLong("[0].budget_tokens")).isEqualTo(150);
            assertThat(listed.getString("[0].mode")).isEqualTo("paper");
            assertThat(listed.getString("[0].strategy")).isEqualTo("long_term");
            assertThat(listed.getString("[0].status")).isEqualTo("active");
            assertThat(listed.getInt("[0].max_loss_percent")).isEqualTo(10);
            assertThat(listed.getString("[0].funding_source")).isEqualTo("platform_revenue");
            assertThat(listed.getString("[0].created_by")).isEqualTo("revenue-aggregator");
            assertThat(scalar(pool, "SELECT count(*) FROM funding_decision")).isEqualTo(1);
        }
    }

    private static io.restassured.response.Response check() {
        return given().auth().oauth2(TestTokens.mint("admin:scheduler", "admin")).when().post("/api/revenue/funding/check");
    }
}
