package com.platformeconomy.revenue.funding;

import static com.platformeconomy.revenue.RevenueTestSupport.*;
import static com.platformeconomy.testkit.tokens.Tokens.admin;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import com.platformeconomy.contracts.event.GoalChanged;
import com.platformeconomy.stack.LocalStackResource;
import com.platformeconomy.stack.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class FundingTest {

    @Inject
    Pool pool;

    @Inject
    FundingGauges gauges;

    @Inject
    MeterRegistry registry;

    @Inject
    FundingService funding;

    @BeforeEach
    void clean() {
        reset(pool);
    }

    @Test
    void belowTheThresholdNothingIsFunded() {
        revenue(9_000, 0); // excess 900
        check().then().statusCode(200).body("decided", equalTo(false)).body("reason", equalTo("below_threshold"));
        assertThat(scalar(pool, "SELECT count(*) FROM funding_decision")).isZero();
    }

    @Test
    void crossingTheThresholdRequestsExactlyOneGoalEvenWithConcurrentAndRepeatedChecks() throws Exception {
        revenue(12_000, 195); // excess 1200 − 195 = 1005 → reserve floor(100.5) = 100

        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<Callable<Boolean>> checks = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            checks.add(() -> check().then().statusCode(200).extract().<Boolean>path("decided"));
        }
        int decided = 0;
        for (Future<Boolean> outcome : threads.invokeAll(checks)) {
            decided += outcome.get() ? 1 : 0;
        }
        threads.shutdown();
        for (int i = 0; i < 3; i++) {
            check().then().statusCode(200).body("decided", equalTo(false)).body("reason", equalTo("auto_funded_goal_active"));
        }
        assertThat(decided).isEqualTo(1);
        assertThat(scalar(pool, "SELECT count(*) FROM funding_decision")).isEqualTo(1);
        assertThat(scalar(pool, "SELECT count(*) FROM outbox WHERE topic = 'goals.requests'")).isEqualTo(1);
        String payload = pool.query("SELECT payload FROM outbox WHERE topic = 'goals.requests'").execute()
                .await().atMost(Duration.ofSeconds(5)).iterator().next().getString("payload");
        JsonPath request = JsonPath.from(payload);
        assertThat(request.getLong("data.budget_tokens")).isEqualTo(100);
        assertThat(request.getString("data.strategy")).isEqualTo("long_term");
        assertThat(request.getString("data.mode")).isEqualTo("paper");
        assertThat(request.getInt("data.max_loss_percent")).isEqualTo(10);
        assertThat(request.getString("data.funding_source")).isEqualTo("platform_revenue");
        assertThat(request.getString("data.created_by")).isEqualTo("revenue-aggregator");
        String requestId = request.getString("data.request_id");

        // Funded, the goal id not known yet.
        given().auth().oauth2(admin()).when().get("/api/revenue/dashboard").then().statusCode(200)
                .body("trading.funded", equalTo(true)).body("trading.amount", equalTo(100))
                .body("trading", not(hasKey("goal_id")));

        // goal-service says it created the goal: the dashboard shows it.
        goalChanged("goal-1", requestId, "created", "active", 100);
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().auth().oauth2(admin()).when().get("/api/revenue/dashboard").then()
                        .body("trading.goal_id", equalTo("goal-1")).body("trading.amount", equalTo(100)));

        // The goal stops: nothing is active, but the excess that funded it is not funded again.
        goalChanged("goal-1", requestId, "stopped", "stopped", 100);
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().auth().oauth2(admin()).when().get("/api/revenue/dashboard").then().body("trading.funded", equalTo(false)));
        check().then().statusCode(200).body("decided", equalTo(false)).body("reason", equalTo("below_threshold"));

        // New excess past the threshold funds a new goal.
        revenue(10_000, 0);
        check().then().statusCode(200).body("decided", equalTo(true)).body("reserved_tokens", equalTo(100));
        assertThat(scalar(pool, "SELECT count(*) FROM funding_decision")).isEqualTo(2);
    }

    @Test
    void onlyAdminsAndServicesRunTheCheck() {
        given().when().post("/api/revenue/funding/check").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.mint("user:alice", "user")).when().post("/api/revenue/funding/check")
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void aRequestGoalServiceRefusedFreesTheDecisionAndItsExcess() {
        revenue(12_000, 195); // excess 1005 → reserve 100
        String requestId = check().then().statusCode(200).body("decided", equalTo(true)).extract().path("request_id");
        check().then().body("decided", equalTo(false)).body("reason", equalTo("auto_funded_goal_active"));

        // goal-service refused the request: no goal will ever exist for it.
        refused(requestId);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                scalar(pool, "SELECT count(*) FROM funding_decision WHERE state = 'refused'") == 1);
        // The decision no longer blocks, and the excess it never funded funds the next one.
        check().then().statusCode(200).body("decided", equalTo(true)).body("reserved_tokens", equalTo(100));
        assertThat(scalar(pool, "SELECT count(*) FROM funding_decision")).isEqualTo(2);
    }

    /**
     * While goal-service refuses (its budget limit below the reserve, say), the scheduled check does
     * not decide again on every tick: each would be a decision, a goals.requests event and a parked
     * refusal. It waits revenue.funding-retry-after; an admin's check decides at once.
     */
    @Test
    void theScheduledCheckWaitsAfterARefusalAndAnAdminsCheckDoesNot() throws Throwable {
        revenue(12_000, 195); // excess 1005 → reserve 100
        String requestId = check().then().statusCode(200).body("decided", equalTo(true)).extract().path("request_id");
        refused(requestId);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                scalar(pool, "SELECT count(*) FROM funding_decision WHERE state = 'refused'") == 1);

        FundingService.Outcome ticked = io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(() -> funding.tick());
        assertThat(ticked.decided()).isFalse();
        assertThat(ticked.reason()).isEqualTo("refused_recently");
        assertThat(scalar(pool, "SELECT count(*) FROM funding_decision")).isEqualTo(1);

        // Once the refusal is older than the retry delay (a day by default), the tick decides again.
        pool.preparedQuery("UPDATE funding_decision SET updated_at = now() - interval '25 hours'").execute()
                .await().indefinitely();
        FundingService.Outcome later = io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(() -> funding.tick());
        assertThat(later.decided()).isTrue();
        assertThat(later.reservedTokens()).isEqualTo(100L);
        String laterId = later.requestId();
        refused(laterId);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                scalar(pool, "SELECT count(*) FROM funding_decision WHERE state = 'refused'") == 2);

        // An admin asks again at once (after raising goal-service's limit, say).
        check().then().statusCode(200).body("decided", equalTo(true)).body("reserved_tokens", equalTo(100));
        assertThat(scalar(pool, "SELECT count(*) FROM funding_decision")).isEqualTo(3);
    }

    /**
     * "Refused" was not final in goal-service before its V4 (an admin could replay the parked request
     * once its limit allowed). A goal created for a refused request (of the decision's reserve and source) is the
     * decision's goal all the same, and blocks the next decision as any active auto-funded goal does:
     * otherwise one excess would fund two goals.
     */
    @Test
    void aGoalCreatedForARefusedRequestStillBlocksTheNextDecision() {
        revenue(12_000, 195); // excess 1005 → reserve 100
        String requestId = check().then().statusCode(200).body("decided", equalTo(true)).extract().path("request_id");
        refused(requestId);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                scalar(pool, "SELECT count(*) FROM funding_decision WHERE state = 'refused'") == 1);

        goalChanged("late-goal", requestId, "created", "active", 100);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                scalar(pool, "SELECT count(*) FROM funding_decision WHERE goal_id = 'late-goal' AND state = 'active'") == 1);
        check().then().statusCode(200).body("decided", equalTo(false)).body("reason", equalTo("auto_funded_goal_active"));
        assertThat(scalar(pool, "SELECT count(*) FROM funding_decision")).isEqualTo(1);
    }

    /**
     * A goal created for a refused request after the next decision was made is a second goal for the
     * same excess: parked for an admin to see, not adopted — not while the later decision is open,
     * nor once it has closed (a replay of the parked event), which would leave a decision active for
     * a goal nobody reports on any more and block auto-funding for good.
     */
    @Test
    void aGoalCreatedForARefusedRequestAfterALaterDecisionIsParkedNotAdopted() {
        revenue(12_000, 195);
        String refusedId = check().then().statusCode(200).body("decided", equalTo(true)).extract().path("request_id");
        refused(refusedId);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                scalar(pool, "SELECT count(*) FROM funding_decision WHERE state = 'refused'") == 1);
        String nextId = check().then().statusCode(200).body("decided", equalTo(true)).extract().path("request_id");
        long parked = scalar(pool, "SELECT count(*) FROM parked_event WHERE channel = 'goal-events' AND reason LIKE '%not adopted%'");

        goalChanged("late-goal-2", refusedId, "created", "active", 100);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                scalar(pool, "SELECT count(*) FROM parked_event WHERE channel = 'goal-events' AND reason LIKE '%not adopted%'") == parked + 1);
        assertThat(scalar(pool, "SELECT count(*) FROM funding_decision WHERE request_id = $1 AND state = 'refused'", refusedId)).isEqualTo(1);
        assertThat(scalar(pool, "SELECT count(*) FROM funding_decision WHERE request_id = $1 AND state = 'requested'", nextId)).isEqualTo(1);

        // The later decision's goal runs and stops; the late goal's created event comes again (a replay).
        goalChanged("next-goal", nextId, "created", "active", 100);
        goalChanged("next-goal", nextId, "stopped", "stopped", 100);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                scalar(pool, "SELECT count(*) FROM funding_decision WHERE request_id = $1 AND state = 'stopped'", nextId) == 1);
        goalChanged("goal:late-goal-2:created:again", "late-goal-2", new GoalChanged("late-goal-2", refusedId, "created", "active", "paper",
                100, "platform_revenue"));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                scalar(pool, "SELECT count(*) FROM parked_event WHERE channel = 'goal-events' AND reason LIKE '%not adopted%'") == parked + 2);
        assertThat(scalar(pool, "SELECT count(*) FROM funding_decision WHERE request_id = $1 AND state = 'refused'", refusedId)).isEqualTo(1);
        assertThat(scalar(pool, "SELECT count(*) FROM funding_decision WHERE state IN ('requested', 'active')")).isZero();
    }

    /**
     * The goal of a refused request arrives while a check is deciding anew (its decision written,
     * not yet committed): neither may miss the other. Adopting the goal while the check funds the
     * same excess again would be two goals for one excess. The index that allows one open decision
     * (funding_decision_one_open) makes the goal's update wait for the check's commit and fail; its
     * retry then sees the later decision and parks the goal, not adopted.
     */
    @Test
    void aGoalForARefusedRequestArrivingDuringACheckIsNotAdoptedBesideTheCheckDecision() throws Exception {
        revenue(12_000, 195);
        String refusedId = check().then().statusCode(200).body("decided", equalTo(true)).extract().path("request_id");
        refused(refusedId);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                scalar(pool, "SELECT count(*) FROM funding_decision WHERE state = 'refused'") == 1);
        long parked = scalar(pool, "SELECT count(*) FROM parked_event WHERE channel = 'goal-events' AND reason LIKE '%not adopted%'");

        // A check in flight: the funding lock held, its new decision written and not committed.
        var connection = pool.getConnection().await().atMost(Duration.ofSeconds(10));
        try {
            var checking = connection.begin().await().atMost(Duration.ofSeconds(10));
            connection.preparedQuery("SELECT pg_advisory_xact_lock($1)").execute(io.vertx.mutiny.sqlclient.Tuple.of(FundingService.FUNDING_LOCK))
                    .await().atMost(Duration.ofSeconds(10));
            connection.query("""
                    INSERT INTO funding_decision (decision_id, request_id, excess, excess_mark, reserved_tokens, state)
                    VALUES ('in-flight', 'revenue-funding:in-flight', 1005, 1005, 100, 'requested')""")
                    .execute().await().atMost(Duration.ofSeconds(10));
            goalChanged("late-goal-3", refusedId, "created", "active", 100);
            Thread.sleep(3_000); // the goal event is consumed meanwhile
            checking.commit().await().atMost(Duration.ofSeconds(10));
        } finally {
            connection.close().await().atMost(Duration.ofSeconds(10));
        }
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                scalar(pool, "SELECT count(*) FROM parked_event WHERE channel = 'goal-events' AND reason LIKE '%not adopted%'") == parked + 1);
        assertThat(scalar(pool, "SELECT count(*) FROM funding_decision WHERE request_id = $1 AND state = 'refused'", refusedId)).isEqualTo(1);
        assertThat(scalar(pool, "SELECT count(*) FROM funding_decision WHERE state IN ('requested', 'active')")).isEqualTo(1);
    }

    /**
     * A goal under an open decision's request id, made before goal-service read the suite's request
     * (goal-service's route now refuses those ids: GoalResourceTest), with a budget of its own or
     * another funding source, is not the decision's goal: parked, not adopted, and its stop closes
     * nothing. The goal of the decision's reserve is adopted after it.
     */
    @Test
    void aGoalUnderTheDecisionsRequestIdWithAnotherBudgetOrSourceIsNotAdopted() {
        revenue(12_000, 195); // excess 1005 → reserve 100
        String requestId = check().then().statusCode(200).body("decided", equalTo(true)).extract().path("request_id");
        long parked = scalar(pool, "SELECT count(*) FROM parked_event WHERE channel = 'goal-events' AND reason LIKE '%not adopted%'");

        goalChanged("squat-goal", requestId, "created", "active", 1_000_000_000);
        goalChanged("goal:squat-goal-2:created", "squat-goal-2", new GoalChanged("squat-goal-2", requestId, "created", "active", "paper",
                100, "admin_budget"));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                scalar(pool, "SELECT count(*) FROM parked_event WHERE channel = 'goal-events' AND reason LIKE '%not adopted%'") == parked + 2);
        assertThat(scalar(pool, "SELECT count(*) FROM funding_decision WHERE request_id = $1 AND state = 'requested' AND goal_id IS NULL",
                requestId)).isEqualTo(1);
        given().auth().oauth2(admin()).when().get("/api/revenue/dashboard").then().statusCode(200)
                .body("trading.funded", equalTo(true)).body("trading", not(hasKey("goal_id")));

        // The squatting goals stop (keyed as the next event, so read before it), then the reserve's goal is created.
        goalChanged("goal:squat-goal:stopped", "goal-of-the-reserve", new GoalChanged("squat-goal", requestId, "stopped", "stopped", "paper",
                1_000_000_000, "platform_revenue"));
        goalChanged("goal:squat-goal-2:stopped", "goal-of-the-reserve", new GoalChanged("squat-goal-2", requestId, "stopped", "stopped", "paper",
                100, "admin_budget"));
        goalChanged("goal-of-the-reserve", requestId, "created", "active", 100);
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().auth().oauth2(admin()).when().get("/api/revenue/dashboard").then()
                        .body("trading.goal_id", equalTo("goal-of-the-reserve")).body("trading.amount", equalTo(100)));
        assertThat(scalar(pool, "SELECT count(*) FROM funding_decision WHERE request_id = $1 AND state = 'active'", requestId)).isEqualTo(1);
    }

    /** goal-service's answer that it refused request {@code requestId}: no goal will exist for it. */
    private static void refused(String requestId) {
        goalChanged("goal-request:" + requestId + ":refused", requestId, new GoalChanged(null, requestId, "refused", "refused", null,
                100, "platform_revenue"));
    }

    @Test
    void anUnreadableGoalEventIsParked() {
        long before = scalar(pool, "SELECT count(*) FROM parked_event WHERE channel = 'goal-events'");
        com.platformeconomy.revenue.RevenueTestSupport.sendRaw(com.platformeconomy.contracts.event.Topics.GOALS_EVENTS,
                "k", "{not json");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                scalar(pool, "SELECT count(*) FROM parked_event WHERE channel = 'goal-events'") == before + 1);
        given().auth().oauth2(admin()).when().get("/api/admin/parked-events").then().statusCode(200)
                .body("channel", org.hamcrest.Matchers.hasItem("goal-events"));
    }

    @Test
    void eventsNotWrittenByTheTopicsOwnerAreParkedNotCounted() {
        long before = scalar(pool, "SELECT count(*) FROM parked_event WHERE reason LIKE 'refused: source%'");
        long counted = scalar(pool, "SELECT COALESCE(sum(events), 0) FROM revenue_rollup");
        // Written by a privileged client, but with another service's source (SPEC §10): a hosting payout
        // settlement-service never made, API revenue wallet-service never charged, a goal goal-service never changed.
        var award = new com.platformeconomy.contracts.event.SettlementAwarded("forged", "node-op:x", 777_777,
                new java.math.BigDecimal("777.78"), 1);
        com.platformeconomy.revenue.RevenueTestSupport.send(com.platformeconomy.contracts.event.Topics.SETTLEMENT_AWARDED,
                com.platformeconomy.contracts.event.CloudEvent.of("forged-" + java.util.UUID.randomUUID(),
                        com.platformeconomy.contracts.event.SettlementAwarded.TYPE, "/revenue-service", "node-op:x", Instant.now(), award));
        var debit = new com.platformeconomy.contracts.event.TokensTransferred("debit", "user:x", "platform:revenue", 777_777,
                "api_usage", "forged", 1);
        com.platformeconomy.revenue.RevenueTestSupport.send(com.platformeconomy.contracts.event.Topics.BILLING_EVENTS,
                com.platformeconomy.contracts.event.CloudEvent.of("forged-" + java.util.UUID.randomUUID(),
                        com.platformeconomy.contracts.event.TokensTransferred.TYPE, "/settlement-service", "user:x", Instant.now(), debit));
        com.platformeconomy.revenue.RevenueTestSupport.sendRaw(com.platformeconomy.contracts.event.Topics.GOALS_EVENTS, "k",
                "{\"id\":\"g-forged\",\"type\":\"" + com.platformeconomy.contracts.event.GoalChanged.TYPE
                        + "\",\"source\":\"/wallet-service\",\"data\":{}}");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                scalar(pool, "SELECT count(*) FROM parked_event WHERE reason LIKE 'refused: source%'") == before + 3);
        assertThat(scalar(pool, "SELECT COALESCE(sum(events), 0) FROM revenue_rollup")).isEqualTo(counted);
    }

    /**
     * An award the wallet parks is parked here too, and counts nothing: one to an account that is no node
     * operator's (the wallet credits none, so it is no hosting payout), and one above 2^53 - 1 tokens (two
     * of them overflowed the day's BIGINT roll-up, which was retried as if the database were away and then
     * stopped the channel: revenue unready, every later award unread). A valid award after them counts.
     */
    @Test
    void awardsTheWalletParksAreParkedAndTheChannelGoesOn() {
        long parked = scalar(pool, "SELECT count(*) FROM parked_event WHERE channel = 'settlement-revenue'");
        long hosting = scalar(pool, "SELECT COALESCE(sum(amount), 0) FROM revenue_rollup WHERE stream = 'hosting'");
        award("user:mule", 500, Instant.now());
        award("node-op:huge", 1L << 62, Instant.now());
        award("node-op:huge", 1L << 62, Instant.now());
        award("node-op:n7", 7, Instant.now());
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                scalar(pool, "SELECT COALESCE(sum(amount), 0) FROM revenue_rollup WHERE stream = 'hosting'") == hosting + 7);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                scalar(pool, "SELECT count(*) FROM parked_event WHERE channel = 'settlement-revenue'") == parked + 3);
        assertThat(scalar(pool, "SELECT count(*) FROM parked_event WHERE channel = 'settlement-revenue' "
                + "AND reason LIKE '%node operator%'")).isGreaterThanOrEqualTo(1);
    }

    /** API revenue and hosting payouts today, through Kafka, and waits until they are counted. */
    private void revenue(long api, long hosting) {
        long before = scalar(pool, "SELECT COALESCE(sum(events), 0) FROM revenue_rollup");
        int events = 1;
        debit("user:big", api, "api_usage", Instant.now());
        if (hosting > 0) {
            award("node-op:n1", hosting, Instant.now());
            events++;
        }
        long expected = before + events;
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                scalar(pool, "SELECT COALESCE(sum(events), 0) FROM revenue_rollup") == expected);
    }

    @Test
    void theSagaGaugesCountDecisionsByStateAndARequestUnansweredPastItsDeadlineAsStuck() {
        revenue(12_000, 195);
        check().then().statusCode(200).body("decided", equalTo(true));
        gauges.count().await().atMost(Duration.ofSeconds(10));
        assertThat(sagas("requested")).isEqualTo(1);
        assertThat(sagas("active") + sagas("stopped") + sagas("refused")).isZero();
        assertThat(registry.get("revenue.funding.stuck").gauge().value()).isZero();

        // goal-service has not answered for an hour (revenue.funding-stuck-after is 15 minutes).
        pool.query("UPDATE funding_decision SET updated_at = now() - interval '1 hour'").execute()
                .await().atMost(Duration.ofSeconds(10));
        gauges.count().await().atMost(Duration.ofSeconds(10));
        assertThat(registry.get("revenue.funding.stuck").gauge().value()).isEqualTo(1);
    }

    private double sagas(String state) {
        return registry.get("revenue.funding.sagas").tag("state", state).gauge().value();
    }

    private static io.restassured.response.Response check() {
        return given().auth().oauth2(TestTokens.mint("admin:scheduler", "admin")).when().post("/api/revenue/funding/check");
    }

}
