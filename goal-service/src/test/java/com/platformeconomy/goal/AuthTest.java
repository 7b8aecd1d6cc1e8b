package com.platformeconomy.goal;

import static com.platformeconomy.goal.GoalTestSupport.requestBody;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import com.platformeconomy.stack.LocalStackResource;
import com.platformeconomy.stack.TestTokens;
import com.platformeconomy.testkit.tokens.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** SPEC §8: creating needs admin or service, reading needs a token, voting needs the voter role. */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class AuthTest {

    @Test
    void creatingWithoutATokenIs401ProblemJsonAndCreatesNothing() {
        String requestId = "req-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body(requestBody(requestId, 1000, 10))
                .when().post("/api/goals")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .body("code", equalTo("unauthorized"));

        given().auth().oauth2(Tokens.admin()).queryParam("request_id", requestId)
                .when().get("/api/goals")
                .then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void withAValidTokenTheRouteIsReached() {
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(requestBody("req-" + UUID.randomUUID(), 1000, 10))
                .when().post("/api/goals")
                .then().statusCode(201).body("created_by", equalTo(Tokens.ADMIN));
    }

    @Test
    void aForgedTokenIsRefused() {
        String token = Tokens.admin();
        String forged = token.substring(0, token.lastIndexOf('.') + 1) + "c2lnbmF0dXJl";
        given().auth().oauth2(forged).contentType(ContentType.JSON).body(requestBody("req-" + UUID.randomUUID(), 1000, 10))
                .when().post("/api/goals")
                .then().statusCode(401).body("code", equalTo("unauthorized"));
    }

    @Test
    void aUserOrDeveloperCannotCreateGoalsOrTrade() {
        given().auth().oauth2(TestTokens.mint("user:alice", "user")).contentType(ContentType.JSON)
                .body(requestBody("req-" + UUID.randomUUID(), 1000, 10))
                .when().post("/api/goals")
                .then().statusCode(403).contentType("application/problem+json");
        String goal = GoalTestSupport.createGoal(1000, 10);
        given().auth().oauth2(TestTokens.mint("dev:acme", "developer")).contentType(ContentType.JSON)
                .body("{\"side\":\"buy\",\"symbol\":\"BTC\",\"quantity\":1,\"price\":10}")
                .when().post("/api/goals/" + goal + "/paper-trades")
                .then().statusCode(403).contentType("application/problem+json");
    }

    /**
     * Goals are the platform's funds (an auto-funded budget is a tenth of the platform's excess,
     * which only admins see on the revenue dashboard): an admin or a voter reads them, nobody else.
     */
    @Test
    void readingNeedsAnAdminOrAVoter() {
        String goal = GoalTestSupport.createGoal(1000, 10);
        given().auth().oauth2(Tokens.admin()).when().post("/api/goals/" + goal + "/live-proposal").then().statusCode(201);
        String[] reads = {"/api/goals", "/api/goals/" + goal, "/api/goals/" + goal + "/portfolio", "/api/goals/" + goal + "/live-proposal"};
        for (String read : reads) {
            given().when().get(read).then().statusCode(401).contentType("application/problem+json");
            for (String role : new String[] {"user", "developer", "operator"}) {
                given().auth().oauth2(TestTokens.mint("someone:" + role, role)).when().get(read)
                        .then().statusCode(403).contentType("application/problem+json").body("code", equalTo("forbidden"));
            }
            given().auth().oauth2(TestTokens.service("revenue-service", "goal-service")).when().get(read).then().statusCode(403);
            given().auth().oauth2(Tokens.admin()).when().get(read).then().statusCode(200);
        }
        given().auth().oauth2(Tokens.admin()).when().get("/api/goals/" + goal).then().statusCode(200).body("goal_id", equalTo(goal));
    }

    @Test
    void votingNeedsTheVoterRole() {
        String goal = GoalTestSupport.createGoal(1000, 10);
        given().auth().oauth2(Tokens.admin()).when().post("/api/goals/" + goal + "/live-proposal")
                .then().statusCode(201);
        given().contentType(ContentType.JSON).body("{\"vote\":\"yes\"}")
                .when().post("/api/goals/" + goal + "/votes")
                .then().statusCode(401).contentType("application/problem+json");
        for (String role : new String[] {"user", "developer", "operator"}) {
            given().auth().oauth2(TestTokens.mint("someone:" + role, role)).contentType(ContentType.JSON)
                    .body("{\"vote\":\"yes\"}")
                    .when().post("/api/goals/" + goal + "/votes")
                    .then().statusCode(403).body("code", equalTo("forbidden"));
        }
        // No service votes: goal-service names no service caller at all (SPEC §10).
        given().auth().oauth2(TestTokens.service("revenue-service", "goal-service")).contentType(ContentType.JSON)
                .body("{\"vote\":\"yes\"}")
                .when().post("/api/goals/" + goal + "/votes")
                .then().statusCode(403);
        given().auth().oauth2(TestTokens.mint("user:bob", "user"))
                .when().post("/api/goals/" + goal + "/live-proposal")
                .then().statusCode(403);
    }
}
