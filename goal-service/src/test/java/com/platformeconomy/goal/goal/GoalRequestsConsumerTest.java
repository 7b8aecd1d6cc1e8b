package com.platformeconomy.goal.goal;

import static com.platformeconomy.testkit.tokens.Tokens.admin;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.platformeconomy.contracts.event.CloudEvent;
import com.platformeconomy.contracts.event.EventCodec;
import com.platformeconomy.contracts.event.GoalRequested;
import com.platformeconomy.contracts.event.Topics;
import com.platformeconomy.goal.GoalTestSupport;
import com.platformeconomy.stack.LocalStackResource;
import com.platformeconomy.testkit.kafka.KafkaSender;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Goals requested on goals.requests, as revenue-service's auto-funding sends them. */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class GoalRequestsConsumerTest {

    // One key for every record of this test: one partition, so a later record is consumed after the earlier ones.
    private static final String KEY = "goal-requests-test";

    private static String request(String requestId, long budget, String mode) {
        GoalRequested data = new GoalRequested(requestId, "trading", "Auto-funded trading goal", "long_term", "crypto",
                budget, 15, mode, "revenue:auto_funding", "revenue-aggregator");
        return EventCodec.encode(CloudEvent.of("evt-" + UUID.randomUUID(), GoalRequested.TYPE, "revenue-service",
                requestId, Instant.now(), data));
    }

    private static List<Map<String, Object>> goalsOf(String requestId) {
        JsonPath found = given().auth().oauth2(admin()).queryParam("request_id", requestId)
                .when().get("/api/goals").then().statusCode(200).extract().jsonPath();
        return found.getList("$");
    }

    /** Sends a valid request behind everything sent so far and waits until it is consumed. */
    private static void awaitConsumedSoFar() {
        String sentinel = "req-sentinel-" + UUID.randomUUID();
        KafkaSender.publish(Topics.GOALS_REQUESTS, KEY, request(sentinel, 100, null));
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> goalsOf(sentinel).size() == 1);
    }

    @Test
    void theSameEventSentThreeTimesCreatesOneGoalAndOneCreatedEvent() {
        String requestId = "req-" + UUID.randomUUID();
        String event = request(requestId, 2500, null);
        for (int i = 0; i < 3; i++) {
            KafkaSender.publish(Topics.GOALS_REQUESTS, KEY, event);
        }
        // The same request again under another event id, as a retrying producer would send it.
        KafkaSender.publish(Topics.GOALS_REQUESTS, KEY, request(requestId, 2500, null));

        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> goalsOf(requestId).size() == 1);
        awaitConsumedSoFar();
        List<Map<String, Object>> goals = goalsOf(requestId);
        assertThat(goals).hasSize(1);
        Map<String, Object> goal = goals.get(0);
        assertThat(goal).containsEntry("budget_tokens", 2500).containsEntry("mode", "paper")
                .containsEntry("strategy", "long_term").containsEntry("created_by", "revenue-aggregator");

        String goalId = (String) goal.get("goal_id");
        String later = GoalTestSupport.createGoal(100, 10);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> GoalTestSupport.changesOf(later).contains("created"));
        assertThat(GoalTestSupport.changesOf(goalId)).containsExactly("created");

        // A portfolio was opened once, with the budget as cash.
        given().auth().oauth2(admin()).when().get("/api/goals/" + goalId + "/portfolio")
                .then().statusCode(200).body("cash_tokens", equalTo(2500)).body("positions.size()", equalTo(0));
    }

    @Test
    void aRequestAlsoMadeOverRestCreatesOneGoal() {
        String requestId = "req-" + UUID.randomUUID();
        KafkaSender.publish(Topics.GOALS_REQUESTS, KEY, request(requestId, 700, null));
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> goalsOf(requestId).size() == 1);
        String body = GoalTestSupport.requestBody(requestId, 700, 15)
                .replace("Auto-funded long-term goal", "Auto-funded trading goal");
        given().auth().oauth2(admin()).contentType(io.restassured.http.ContentType.JSON).body(body)
                .when().post("/api/goals")
                .then().statusCode(200).body("goal_id", equalTo(goalsOf(requestId).get(0).get("goal_id")));
    }

    @Test
    void malformedAndRefusedEventsAreSkippedAndTheConsumerGoesOn() {
        String invalidBudget = "req-" + UUID.randomUUID();
        String live = "req-" + UUID.randomUUID();
        KafkaSender.publish(Topics.GOALS_REQUESTS, KEY, "this is not JSON");
        KafkaSender.publish(Topics.GOALS_REQUESTS, KEY, "{\"id\":\"e1\",\"type\":\"" + GoalRequested.TYPE + "\"}");
        KafkaSender.publish(Topics.GOALS_REQUESTS, KEY, "[1,2,3]");
        KafkaSender.publish(Topics.GOALS_REQUESTS, KEY, request(invalidBudget, -5, null));
        KafkaSender.publish(Topics.GOALS_REQUESTS, KEY, request(live, 1000, "live"));
        KafkaSender.publish(Topics.GOALS_REQUESTS, KEY,
                request("req-" + UUID.randomUUID(), 1000, null).replace(GoalRequested.TYPE, "com.example.other"));

        awaitConsumedSoFar();
        assertThat(goalsOf(invalidBudget)).isEmpty();
        assertThat(goalsOf(live)).isEmpty();
        // Each refusal with a readable request id is told back on goals.events (issue 16), once.
        for (String refused : List.of(invalidBudget, live)) {
            io.vertx.mutiny.sqlclient.RowSet<io.vertx.mutiny.sqlclient.Row> rows = io.quarkus.arc.Arc.container()
                    .instance(io.vertx.mutiny.sqlclient.Pool.class).get()
                    .preparedQuery("SELECT topic, payload FROM outbox WHERE event_id = $1")
                    .executeAndAwait(io.vertx.mutiny.sqlclient.Tuple.of("goal-request:" + refused + ":refused"));
            assertThat(rows.size()).as("refusal of %s", refused).isEqualTo(1);
            io.vertx.mutiny.sqlclient.Row row = rows.iterator().next();
            assertThat(row.getString("topic")).isEqualTo(Topics.GOALS_EVENTS);
            assertThat(JsonPath.from(row.getString("payload")).getString("data.change")).isEqualTo("refused");
            assertThat(JsonPath.from(row.getString("payload")).getString("data.request_id")).isEqualTo(refused);
        }
    }

    /**
     * A request refused and told so stays refused: revenue-service gives the refused decision's
     * excess back to its next decision, so a goal created later for the same request id (over
     * REST, or on a redelivery or replay once a limit was raised) would fund that excess twice.
     */
    @Test
    void aRequestRefusedAndToldSoStaysRefused() {
        String requestId = "req-" + UUID.randomUUID();
        // Over goal.max-budget-tokens (10^12 by default): refused, parked, told on goals.events.
        KafkaSender.publish(Topics.GOALS_REQUESTS, KEY, request(requestId, 1_000_000_000_001L, null));
        awaitConsumedSoFar();
        assertThat(goalsOf(requestId)).isEmpty();
        io.vertx.mutiny.sqlclient.RowSet<io.vertx.mutiny.sqlclient.Row> told = io.quarkus.arc.Arc.container()
                .instance(io.vertx.mutiny.sqlclient.Pool.class).get()
                .preparedQuery("SELECT count(*) FROM outbox WHERE event_id = $1")
                .executeAndAwait(io.vertx.mutiny.sqlclient.Tuple.of("goal-request:" + requestId + ":refused"));
        assertThat(told.iterator().next().getLong(0)).isEqualTo(1);

        // The same request id within the limit, as an admin (or a replay after the limit was raised) would send it.
        given().auth().oauth2(admin()).contentType(io.restassured.http.ContentType.JSON)
                .body(GoalTestSupport.requestBody(requestId, 700, 15))
                .when().post("/api/goals")
                .then().statusCode(409).contentType("application/problem+json").body("code", equalTo("request_id_reused"));
        KafkaSender.publish(Topics.GOALS_REQUESTS, KEY, request(requestId, 700, null));
        awaitConsumedSoFar();
        assertThat(goalsOf(requestId)).isEmpty();
    }

    @Test
    void aRequestNotFromRevenueServiceIsParkedAndCreatesNothing() {
        String forged = "req-" + UUID.randomUUID();
        // Written by a privileged client, but its source is not goals.requests' owner (SPEC §10).
        KafkaSender.publish(Topics.GOALS_REQUESTS, KEY, request(forged, 5000, null).replace("\"revenue-service\"", "\"/wallet-service\""));

        awaitConsumedSoFar();
        assertThat(goalsOf(forged)).isEmpty();
        List<Map<String, Object>> parked = given().auth().oauth2(admin()).when().get("/api/admin/parked-events")
                .then().statusCode(200).extract().jsonPath().getList("$");
        assertThat(parked).filteredOn(p -> String.valueOf(p.get("payload")).contains(forged)).singleElement()
                .satisfies(p -> assertThat(String.valueOf(p.get("reason"))).contains("is not /revenue-service"));
        // Replayed, it stays parked: its source does not change.
        Object id = parked.stream().filter(p -> String.valueOf(p.get("payload")).contains(forged)).findFirst().orElseThrow().get("id");
        given().auth().oauth2(admin()).when().post("/api/admin/parked-events/" + id + "/replay")
                .then().statusCode(200).body("status", equalTo("parked"));
        assertThat(goalsOf(forged)).isEmpty();
    }
}
