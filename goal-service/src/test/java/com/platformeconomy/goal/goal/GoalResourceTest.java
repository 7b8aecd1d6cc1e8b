package com.platformeconomy.goal.goal;

import static com.platformeconomy.goal.GoalTestSupport.requestBody;
import static com.platformeconomy.testkit.tokens.Tokens.admin;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;

import com.platformeconomy.goal.GoalTestSupport;
import com.platformeconomy.stack.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class GoalResourceTest {

    /**
     * A request id seen before is answered its goal whatever the limits say now: a goal created
     * under a higher goal.max-budget-tokens (written here as it stands, 2 × the limit), its request
     * sent again, is 200 and that goal, not 400 budget_too_large (which, on goals.requests, would be
     * told to revenue-service as a refusal and fund that excess again).
     */
    @Test
    void aRequestSeenBeforeIsAnsweredItsGoalEvenPastTodaysLimit() {
        String requestId = "req-" + UUID.randomUUID();
        String goalId = "goal-" + UUID.randomUUID();
        long budget = 2_000_000_000_000L;
        io.quarkus.arc.Arc.container().instance(io.vertx.mutiny.sqlclient.Pool.class).get()
                .preparedQuery("""
                        INSERT INTO trading_goal (goal_id, request_id, type, title, strategy, market, budget_tokens,
                                                  max_loss_percent, mode, status, funding_source, created_by)
                        VALUES ($1, $2, 'trading', 'Auto-funded long-term goal', 'long_term', 'crypto', $3, 20, 'paper', 'active',
                                'revenue:auto_funding', 'service:revenue-service')""")
                .executeAndAwait(io.vertx.mutiny.sqlclient.Tuple.of(goalId, requestId, budget));

        given().auth().oauth2(admin()).contentType(ContentType.JSON).body(requestBody(requestId, budget, 20))
                .when().post("/api/goals")
                .then().statusCode(200).body("goal_id", equalTo(goalId)).body("budget_tokens", equalTo(budget));
        // A new request over the limit is still refused.
        given().auth().oauth2(admin()).contentType(ContentType.JSON).body(requestBody("req-" + UUID.randomUUID(), budget, 20))
                .when().post("/api/goals")
                .then().statusCode(400).body("code", equalTo("budget_too_large"));
    }

    @Test
    void aReplayedRequestCreatesOneGoalAndOneCreatedEvent() {
        String requestId = "req-" + UUID.randomUUID();
        String goalId = given().auth().oauth2(admin()).contentType(ContentType.JSON).body(requestBody(requestId, 5000, 20))
                .when().post("/api/goals")
                .then().statusCode(201)
                .body("request_id", equalTo(requestId))
                .body("budget_tokens", equalTo(5000))
                .body("max_loss_percent", equalTo(20))
                .body("mode", equalTo("paper"))
                .body("status", equalTo("active"))
                .body("strategy", equalTo("long_term"))
                .body("funding_source", equalTo("revenue:auto_funding"))
                .extract().path("goal_id");

        for (int replay = 0; replay < 2; replay++) {
            given().auth().oauth2(admin()).contentType(ContentType.JSON).body(requestBody(requestId, 5000, 20))
                    .when().post("/api/goals")
                    .then().statusCode(200).body("goal_id", equalTo(goalId));
        }
        given().auth().oauth2(admin()).queryParam("request_id", requestId)
                .when().get("/api/goals")
                .then().statusCode(200).body("size()", equalTo(1)).body("[0].goal_id", equalTo(goalId));

        // A later goal's created event is published after this one's, so once it is on Kafka any
        // duplicate of the first would be too.
        String later = GoalTestSupport.createGoal(100, 10);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> GoalTestSupport.changesOf(later).contains("created"));
        assertThat(GoalTestSupport.changesOf(goalId)).containsExactly("created");
    }

    @Test
    void replaysAtTheSameTimeCreateOneGoal() throws Exception {
        String requestId = "req-" + UUID.randomUUID();
        String token = admin();
        ExecutorService pool = Executors.newFixedThreadPool(5);
        List<io.restassured.response.Response> responses = new java.util.ArrayList<>();
        try {
            List<Callable<io.restassured.response.Response>> posts = new java.util.ArrayList<>();
            for (int i = 0; i < 5; i++) {
                posts.add(() -> given().auth().oauth2(token).contentType(ContentType.JSON)
                        .body(requestBody(requestId, 3000, 10)).when().post("/api/goals"));
            }
            for (Future<io.restassured.response.Response> response : pool.invokeAll(posts)) {
                responses.add(response.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(responses.stream().map(r -> r.statusCode())).containsOnly(201, 200);
        assertThat(responses.stream().filter(r -> r.statusCode() == 201)).hasSize(1);
        assertThat(responses.stream().map(r -> r.<String>path("goal_id")).distinct()).hasSize(1);
    }

    @Test
    void theSameRequestIdWithOtherValuesIs409AndChangesNothing() {
        String requestId = "req-" + UUID.randomUUID();
        given().auth().oauth2(admin()).contentType(ContentType.JSON).body(requestBody(requestId, 5000, 20))
                .when().post("/api/goals").then().statusCode(201);
        given().auth().oauth2(admin()).contentType(ContentType.JSON).body(requestBody(requestId, 6000, 20))
                .when().post("/api/goals")
                .then().statusCode(409).contentType("application/problem+json").body("code", equalTo("request_id_reused"));
        given().auth().oauth2(admin()).queryParam("request_id", requestId)
                .when().get("/api/goals")
                .then().body("size()", equalTo(1)).body("[0].budget_tokens", equalTo(5000));
    }

    /**
     * Ids starting revenue-funding: are revenue-service's auto-funding requests (GoalRequested): an
     * admin's goal under an open decision's id would stand for the decision on revenue's dashboard. The
     * route refuses them (403) and creates nothing; they come only over goals.requests.
     */
    @Test
    void anAutoFundingRequestIdIsRefusedOnTheRouteAndChangesNothing() {
        String requestId = "revenue-funding:" + UUID.randomUUID();
        given().auth().oauth2(admin()).contentType(ContentType.JSON).body(requestBody(requestId, 100, 10))
                .when().post("/api/goals")
                .then().statusCode(403).contentType("application/problem+json").body("code", equalTo("forbidden"))
                .body("detail", org.hamcrest.Matchers.containsString("goals.requests"));
        given().auth().oauth2(admin()).queryParam("request_id", requestId)
                .when().get("/api/goals").then().statusCode(200).body("size()", equalTo(0));
    }

    /**
     * platform_revenue is the funding source of the goals revenue-service's decisions reserve from
     * the platform's excess: an admin's goal that named it would pass for one (any budget, funded by
     * no decision). The route refuses it (403) and creates nothing.
     */
    @Test
    void aGoalFundedByThePlatformsRevenueIsRefusedOnTheRouteAndChangesNothing() {
        String requestId = "req-" + UUID.randomUUID();
        given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(requestBody(requestId, 100, 10).replace("revenue:auto_funding", "platform_revenue"))
                .when().post("/api/goals")
                .then().statusCode(403).contentType("application/problem+json").body("code", equalTo("forbidden"))
                .body("detail", org.hamcrest.Matchers.containsString("platform_revenue"));
        given().auth().oauth2(admin()).queryParam("request_id", requestId)
                .when().get("/api/goals").then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void creatingALiveGoalIsRefusedWith409() {
        String requestId = "req-" + UUID.randomUUID();
        String live = requestBody(requestId, 5000, 20).replace("\"funding_source\"", "\"mode\":\"live\",\"funding_source\"");
        given().auth().oauth2(admin()).contentType(ContentType.JSON).body(live)
                .when().post("/api/goals")
                .then().statusCode(409).contentType("application/problem+json").body("code", equalTo("live_requires_vote"));
        given().auth().oauth2(admin()).queryParam("request_id", requestId)
                .when().get("/api/goals").then().body("size()", equalTo(0));
    }

    @Test
    void anUnknownGoalIs404ProblemJson() {
        given().auth().oauth2(admin()).when().get("/api/goals/" + UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json").body("code", equalTo("goal_not_found"));
    }

    @Test
    void goalsAreListedByTypeAndStatus() {
        String type = "t" + UUID.randomUUID().toString().substring(0, 8).replace("-", "");
        String body = requestBody("req-" + UUID.randomUUID(), 1000, 10).replace("\"type\":\"trading\"", "\"type\":\"" + type + "\"");
        String goalId = given().auth().oauth2(admin()).contentType(ContentType.JSON).body(body)
                .when().post("/api/goals").then().statusCode(201).extract().path("goal_id");

        List<String> ofType = given().auth().oauth2(admin()).queryParam("type", type).queryParam("status", "active")
                .when().get("/api/goals")
                .then().statusCode(200).body("type", everyItem(equalTo(type))).extract().path("goal_id");
        assertThat(ofType).containsExactly(goalId);
        given().auth().oauth2(admin()).queryParam("type", type).queryParam("status", "stopped")
                .when().get("/api/goals").then().statusCode(200).body("size()", equalTo(0));
        given().auth().oauth2(admin()).queryParam("status", "active")
                .when().get("/api/goals").then().statusCode(200).body("status", everyItem(equalTo("active")));
        given().auth().oauth2(admin()).queryParam("status", "sleeping")
                .when().get("/api/goals").then().statusCode(400).contentType("application/problem+json");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "negative budget      | \"budget_tokens\":5000        | \"budget_tokens\":-5           | budget_tokens",
            "zero budget          | \"budget_tokens\":5000        | \"budget_tokens\":0            | budget_tokens",
            "fractional budget    | \"budget_tokens\":5000        | \"budget_tokens\":50.5         | budget_tokens",
            "huge budget          | \"budget_tokens\":5000        | \"budget_tokens\":99999999999999999999 | budget_tokens",
            "budget as text       | \"budget_tokens\":5000        | \"budget_tokens\":\"lots\"     | budget_tokens",
            "max loss above 100   | \"max_loss_percent\":20       | \"max_loss_percent\":101       | max_loss_percent",
            "max loss zero        | \"max_loss_percent\":20       | \"max_loss_percent\":0         | max_loss_percent",
            "unknown mode         | \"funding_source\"            | \"mode\":\"wild\",\"funding_source\" | mode",
            "missing strategy     | \"strategy\":\"long_term\",   | ''                             | strategy",
            "misspelt field       | \"market\"                    | \"markt\"                      | markt",
    })
    void badInputIsRefusedAndChangesNothing(String label, String good, String bad, String field) {
        String requestId = "req-" + UUID.randomUUID();
        given().auth().oauth2(admin()).contentType(ContentType.JSON).body(requestBody(requestId, 5000, 20).replace(good, bad))
                .when().post("/api/goals")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem(field));
        // Nothing was stored: the request id is still free.
        given().auth().oauth2(admin()).contentType(ContentType.JSON).body(requestBody(requestId, 5000, 20))
                .when().post("/api/goals").then().statusCode(201);
    }

    @Test
    void malformedJsonAndBudgetsAboveTheBoundAreRefused() {
        given().auth().oauth2(admin()).contentType(ContentType.JSON).body("{\"request_id\": ")
                .when().post("/api/goals")
                .then().statusCode(400).contentType("application/problem+json").body("code", equalTo("malformed_json"));
        given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(requestBody("req-" + UUID.randomUUID(), 1_000_000_000_001L, 20))
                .when().post("/api/goals")
                .then().statusCode(400).body("code", equalTo("budget_too_large"));
    }
}
