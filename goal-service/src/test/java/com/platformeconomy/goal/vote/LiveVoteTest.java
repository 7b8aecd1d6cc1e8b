package com.platformeconomy.goal.vote;

import static com.platformeconomy.testkit.tokens.Tokens.admin;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.platformeconomy.goal.GoalTestSupport;
import com.platformeconomy.stack.LocalStackResource;
import com.platformeconomy.stack.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** The constitutional vote: quorum 3, two-thirds threshold (the defaults), voters hold the admin role. */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class LiveVoteTest {

    private static ValidatableResponse propose(String goalId) {
        return given().auth().oauth2(admin()).when().post("/api/goals/" + goalId + "/live-proposal").then();
    }

    private static ValidatableResponse vote(String goalId, String voter, String choice) {
        return given().auth().oauth2(TestTokens.mint(voter, "admin")).contentType(ContentType.JSON)
                .body("{\"vote\":\"" + choice + "\"}")
                .when().post("/api/goals/" + goalId + "/votes").then();
    }

    private static String modeOf(String goalId) {
        return given().auth().oauth2(admin()).when().get("/api/goals/" + goalId).then().statusCode(200)
                .extract().path("mode");
    }

    @Test
    void aVoteShortOfQuorumDoesNotUnlockLive() {
        String goal = GoalTestSupport.createGoal(1000, 10);
        propose(goal).statusCode(201)
                .body("status", equalTo("open"))
                .body("quorum", equalTo(3))
                .body("threshold_numerator", equalTo(2))
                .body("threshold_denominator", equalTo(3));
        vote(goal, "admin:a", "yes").statusCode(201).body("yes_votes", equalTo(1)).body("status", equalTo("open"));
        vote(goal, "admin:b", "yes").statusCode(201).body("yes_votes", equalTo(2)).body("goal_mode", equalTo("paper"));
        assertThat(modeOf(goal)).isEqualTo("paper");
    }

    @Test
    void oneVoterVotingTwiceIsRefusedAndNotCounted() {
        String goal = GoalTestSupport.createGoal(1000, 10);
        propose(goal).statusCode(201);
        vote(goal, "admin:a", "yes").statusCode(201);
        vote(goal, "admin:a", "yes").statusCode(409)
                .contentType("application/problem+json").body("code", equalTo("already_voted"));
        vote(goal, "admin:a", "no").statusCode(409).body("code", equalTo("already_voted"));
        vote(goal, "admin:b", "yes").statusCode(201)
                .body("yes_votes", equalTo(2)).body("no_votes", equalTo(0)).body("status", equalTo("open"));
        assertThat(modeOf(goal)).isEqualTo("paper");
        given().auth().oauth2(admin()).when().get("/api/goals/" + goal + "/live-proposal")
                .then().statusCode(200).body("yes_votes", equalTo(2)).body("status", equalTo("open"));
    }

    @Test
    void aQuorumBelowTheThresholdDoesNotUnlockLive() {
        String goal = GoalTestSupport.createGoal(1000, 10);
        propose(goal).statusCode(201);
        vote(goal, "admin:a", "yes").statusCode(201);
        vote(goal, "admin:b", "no").statusCode(201);
        vote(goal, "admin:c", "no").statusCode(201).body("status", equalTo("open")).body("goal_mode", equalTo("paper"));
        // 2 of 4 is still short of two thirds.
        vote(goal, "admin:d", "yes").statusCode(201).body("status", equalTo("open"));
        assertThat(modeOf(goal)).isEqualTo("paper");
    }

    @Test
    void aPassedVoteMakesTheGoalLive() {
        String goal = GoalTestSupport.createGoal(1000, 10);
        propose(goal).statusCode(201);
        vote(goal, "admin:a", "yes").statusCode(201);
        vote(goal, "admin:b", "no").statusCode(201);
        // 2 yes of 3 cast: quorum reached, exactly two thirds.
        vote(goal, "admin:c", "yes").statusCode(201)
                .body("status", equalTo("passed"))
                .body("yes_votes", equalTo(2))
                .body("no_votes", equalTo(1))
                .body("goal_mode", equalTo("live"));
        assertThat(modeOf(goal)).isEqualTo("live");

        // Decided: later votes and proposals are refused.
        vote(goal, "admin:d", "no").statusCode(409).body("code", equalTo("already_live"));
        propose(goal).statusCode(409).body("code", equalTo("already_live"));

        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> GoalTestSupport.changesOf(goal).contains("went_live"));
        assertThat(GoalTestSupport.changesOf(goal)).containsExactly("created", "went_live");
    }

    @Test
    void goingLiveWithoutAVoteIs409() {
        String goal = GoalTestSupport.createGoal(1000, 10);
        // No proposal: a vote has nothing to count.
        vote(goal, "admin:a", "yes").statusCode(409).body("code", equalTo("no_open_proposal"));
        // Asking for a live goal directly is refused.
        String live = GoalTestSupport.requestBody("req-" + java.util.UUID.randomUUID(), 1000, 10)
                .replace("\"funding_source\"", "\"mode\":\"live\",\"funding_source\"");
        given().auth().oauth2(admin()).contentType(ContentType.JSON).body(live)
                .when().post("/api/goals")
                .then().statusCode(409).contentType("application/problem+json").body("code", equalTo("live_requires_vote"));
        assertThat(modeOf(goal)).isEqualTo("paper");
    }

    @Test
    void oneOpenProposalAtATimeAndNoneForAStoppedGoal() {
        String goal = GoalTestSupport.createGoal(1000, 10);
        propose(goal).statusCode(201);
        propose(goal).statusCode(409).body("code", equalTo("proposal_open"));

        String stopped = GoalTestSupport.createGoal(100, 10);
        given().auth().oauth2(admin()).contentType(ContentType.JSON).header("Idempotency-Key", "t-" + java.util.UUID.randomUUID())
                .body("{\"side\":\"buy\",\"symbol\":\"BTC\",\"quantity\":1,\"price\":100}")
                .when().post("/api/goals/" + stopped + "/paper-trades").then().statusCode(201);
        given().auth().oauth2(admin()).contentType(ContentType.JSON).header("Idempotency-Key", "t-" + java.util.UUID.randomUUID())
                .body("{\"side\":\"sell\",\"symbol\":\"BTC\",\"quantity\":1,\"price\":50}")
                .when().post("/api/goals/" + stopped + "/paper-trades").then().statusCode(201)
                .body("portfolio.goal_status", equalTo("stopped"));
        propose(stopped).statusCode(409).body("code", equalTo("goal_not_active"));
    }

    @Test
    void aVoteMustSayYesOrNo() {
        String goal = GoalTestSupport.createGoal(1000, 10);
        propose(goal).statusCode(201);
        vote(goal, "admin:a", "maybe").statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.mint("admin:a", "admin")).contentType(ContentType.JSON).body("{}")
                .when().post("/api/goals/" + goal + "/votes").then().statusCode(400);
        // Neither counted: admin:a may still vote.
        vote(goal, "admin:a", "yes").statusCode(201).body("yes_votes", equalTo(1));
    }

    @Test
    void votesAtTheSameTimeByOneVoterCountOnce() throws Exception {
        String goal = GoalTestSupport.createGoal(1000, 10);
        propose(goal).statusCode(201);
        String token = TestTokens.mint("admin:eager", "admin");
        ExecutorService pool = Executors.newFixedThreadPool(5);
        List<Integer> statuses = new ArrayList<>();
        try {
            List<Callable<Integer>> votes = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                votes.add(() -> given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"vote\":\"yes\"}")
                        .when().post("/api/goals/" + goal + "/votes").then().extract().statusCode());
            }
            for (Future<Integer> outcome : pool.invokeAll(votes)) {
                statuses.add(outcome.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(statuses).containsOnly(201, 409);
        assertThat(statuses.stream().filter(s -> s == 201)).hasSize(1);
        given().auth().oauth2(admin()).when().get("/api/goals/" + goal + "/live-proposal")
                .then().statusCode(200).body("yes_votes", equalTo(1)).body("status", equalTo("open"));
    }

    @Test
    void votesAfterTheDeadlineAreRefusedAndANewProposalMayOpen() throws Exception {
        String goal = GoalTestSupport.createGoal(1000, 10);
        String proposal = propose(goal).statusCode(201).extract().path("proposal_id");
        vote(goal, "admin:a", "yes").statusCode(201);
        vote(goal, "admin:b", "yes").statusCode(201);
        moveDeadlineIntoThePast(proposal);

        // The third yes would have passed it; after the deadline it counts for nothing.
        vote(goal, "admin:c", "yes").statusCode(409)
                .contentType("application/problem+json").body("code", equalTo("proposal_expired"));
        given().auth().oauth2(admin()).when().get("/api/goals/" + goal + "/live-proposal")
                .then().statusCode(200).body("status", equalTo("expired")).body("yes_votes", equalTo(2));
        assertThat(modeOf(goal)).isEqualTo("paper");

        String next = propose(goal).statusCode(201).body("status", equalTo("open")).extract().path("proposal_id");
        assertThat(next).isNotEqualTo(proposal);
        vote(goal, "admin:a", "yes").statusCode(201).body("yes_votes", equalTo(1));
    }

    /** Time travel for one row: the service's clock is real, so the test moves the deadline instead of waiting for it. */
    private static void moveDeadlineIntoThePast(String proposalId) throws Exception {
        Config config = ConfigProvider.getConfig();
        try (Connection sql = DriverManager.getConnection(
                config.getValue("pes.migrations.jdbc-url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
             PreparedStatement update = sql.prepareStatement(
                     "UPDATE live_proposal SET deadline = now() - interval '1 second' WHERE proposal_id = ?")) {
            update.setString(1, proposalId);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }
}
