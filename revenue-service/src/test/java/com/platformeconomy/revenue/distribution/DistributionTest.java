package com.platformeconomy.revenue.distribution;

import static com.platformeconomy.revenue.RevenueTestSupport.reset;
import static com.platformeconomy.revenue.RevenueTestSupport.scalar;
import static com.platformeconomy.testkit.tokens.Tokens.admin;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.platformeconomy.revenue.node.NodeRegistryStub;
import com.platformeconomy.revenue.stream.RollupWriter;
import com.platformeconomy.revenue.stream.Stream;
import com.platformeconomy.revenue.stream.StreamEntry;
import com.platformeconomy.stack.LocalStackResource;
import com.platformeconomy.stack.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
@QuarkusTestResource(com.platformeconomy.revenue.node.NodeRegistryStub.class)
class DistributionTest {

    @Inject
    Pool pool;
    @Inject
    RollupWriter rollups;
    @Inject
    DistributionService distributions;

    @BeforeEach
    void clean() {
        reset(pool);
    }

    @Test
    void aClosedPeriodIsSplit90_9_1AndEachPoolByLargestRemainder() {
        gross("2001-01-10", 1001);
        score("user:alice", 1);
        score("user:bob", 2);
        compute("n1", "node-op:op1", "regional", 3, "2001-01");
        compute("n1b", "node-op:op1", "central", 1, "2001-01");
        compute("n2", "node-op:op2", "regional", 2, "2001-01");

        run("2001-01").then().statusCode(200)
                .body("already_distributed", equalTo(false))
                .body("period_gross", equalTo(1001))
                .body("pools.users", equalTo(901)).body("pools.infra", equalTo(90)).body("pools.central", equalTo(10))
                .body("recipients", equalTo(5));

        // 1001 → 900.9 / 90.09 / 10.01 → 901 / 90 / 10; users 1:2 → 300.33 / 600.67 → 300 / 601; infra 4:2 → 60 / 30.
        assertThat(credits()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "pes/revenue-distribution/2001-01/users/user:alice", 300L,
                "pes/revenue-distribution/2001-01/users/user:bob", 601L,
                "pes/revenue-distribution/2001-01/infra/node-op:op1", 60L,
                "pes/revenue-distribution/2001-01/infra/node-op:op2", 30L,
                "pes/revenue-distribution/2001-01/central/platform:central", 10L));
        // The infrastructure payments are hosting payouts, counted today.
        assertThat(scalar(pool, "SELECT amount FROM revenue_rollup WHERE stream = 'hosting' AND day = current_date"))
                .isEqualTo(90);
    }

    @Test
    void aPeriodIsDistributedOnceWhateverIsRetriedOrRunConcurrently() throws Exception {
        gross("2001-02-03", 500);
        score("user:alice", 1);
        compute("n1", "node-op:op1", "regional", 1, "2001-02");

        ExecutorService threads = Executors.newFixedThreadPool(6);
        List<Callable<Boolean>> runs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            runs.add(() -> run("2001-02").then().statusCode(200).extract().<Boolean>path("already_distributed"));
        }
        int fresh = 0;
        for (Future<Boolean> done : threads.invokeAll(runs)) {
            fresh += done.get() ? 0 : 1;
        }
        threads.shutdown();
        assertThat(fresh).isEqualTo(1);
        run("2001-02").then().statusCode(200).body("already_distributed", equalTo(true)).body("pools.users", equalTo(450));
        assertThat(credits().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(500);
        assertThat(credits()).hasSize(3);
        // A distributed period takes no more compute reports.
        given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(registered("n9", "node-op:op9", "regional", 5, "2001-02"))
                .when().post("/api/revenue/compute-reports").then().statusCode(409).body("code", equalTo("period_distributed"));
    }

    @Test
    void aPoolWithoutRecipientsIsCarriedToTheNextDistributionAndLateRevenueToo() {
        gross("2001-03-05", 1000); // no contribution scores, no compute reports
        run("2001-03").then().statusCode(200)
                .body("paid.users", equalTo(0)).body("paid.infra", equalTo(0)).body("paid.central", equalTo(10))
                .body("carried.users", equalTo(900)).body("carried.infra", equalTo(90));
        assertThat(credits()).containsOnlyKeys("pes/revenue-distribution/2001-03/central/platform:central");

        // Revenue for March arriving after March was distributed is carried, not lost.
        gross("2001-03-20", 100);
        assertThat(scalar(pool, "SELECT amount FROM distribution_carry WHERE pool = 'late'")).isEqualTo(100);

        gross("2001-04-02", 200);
        score("user:alice", 7);
        compute("n1", "node-op:op1", "regional", 1, "2001-04");
        // April: 200 + 100 late = 300 → 270 / 27 / 3, plus the carried 900 and 90.
        run("2001-04").then().statusCode(200)
                .body("period_gross", equalTo(200)).body("late_gross", equalTo(100))
                .body("pools.users", equalTo(1170)).body("pools.infra", equalTo(117)).body("pools.central", equalTo(3))
                .body("carried.users", equalTo(0)).body("carried.infra", equalTo(0));
        assertThat(credits()).containsEntry("pes/revenue-distribution/2001-04/users/user:alice", 1170L)
                .containsEntry("pes/revenue-distribution/2001-04/infra/node-op:op1", 117L);
        // Everything that came in (1300) went out, once.
        assertThat(credits().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(1300);
        assertThat(scalar(pool, "SELECT sum(amount) FROM distribution_carry")).isZero();
    }

    @Test
    void openPeriodsBadInputAndAuthAreRefusedAndChangeNothing() {
        String current = YearMonth.now(java.time.ZoneOffset.UTC).toString();
        run(current).then().statusCode(409).contentType("application/problem+json").body("code", equalTo("period_not_closed"));
        run("2001-13").then().statusCode(400).body("code", equalTo("invalid_period"));
        run("1999-12").then().statusCode(400).body("code", equalTo("invalid_period"));
        given().contentType(ContentType.JSON).body("{\"period\":\"2001-05\"}")
                .when().post("/api/revenue/distributions/run").then().statusCode(401);
        given().auth().oauth2(TestTokens.mint("user:alice", "user")).contentType(ContentType.JSON).body("{\"period\":\"2001-05\"}")
                .when().post("/api/revenue/distributions/run").then().statusCode(403);
        given().auth().oauth2(admin()).contentType(ContentType.JSON).body("{\"period\":\"2001-05\"")
                .when().post("/api/revenue/distributions/run").then().statusCode(400).body("code", equalTo("malformed_json"));

        String operator = TestTokens.mint("node-op:op1", "operator");
        for (String bad : List.of(
                computeBody("n1", "node-op:op1", "regional", 0, "2001-05"),
                computeBody("n1", "node-op:op1", "regional", -3, "2001-05"),
                computeBody("n1", "user:alice", "regional", 3, "2001-05"),
                computeBody("n1", "node-op:op1", "edge", 3, "2001-05"),
                computeBody("n1", "node-op:op1", "regional", 3, "2001-5"),
                "{\"node_id\":\"n1\",\"account\":\"node-op:op1\",\"tier\":\"regional\",\"compute_units\":1.5,\"period\":\"2001-05\"}",
                "{\"node_id\":\"n1\",\"account\":\"node-op:op1\",\"tier\":\"regional\",\"period\":\"2001-05\"}",
                "{\"node_id\":\"n1\",\"account\":\"node-op:op1\",\"tier\":\"regional\",\"compute_units\":1,\"period\":\"2001-05\",\"x\":1}")) {
            given().auth().oauth2(operator).contentType(ContentType.JSON).body(bad)
                    .when().post("/api/revenue/compute-reports").then().statusCode(400).contentType("application/problem+json");
        }
        given().auth().oauth2(operator).contentType(ContentType.JSON).body(computeBody("n7", "node-op:other", "regional", 3, "2001-05"))
                .when().post("/api/revenue/compute-reports").then().statusCode(403);
        given().auth().oauth2(TestTokens.mint("user:alice", "user")).contentType(ContentType.JSON)
                .body(computeBody("n1", "node-op:op1", "regional", 3, "2001-05"))
                .when().post("/api/revenue/compute-reports").then().statusCode(403);
        assertThat(scalar(pool, "SELECT count(*) FROM compute_report")).isZero();
        assertThat(scalar(pool, "SELECT count(*) FROM distribution_period")).isZero();
        // An operator reports its own node.
        given().auth().oauth2(operator).contentType(ContentType.JSON).body(registered("n1", "node-op:op1", "central", 3, "2001-05"))
                .when().post("/api/revenue/compute-reports").then().statusCode(200).body("compute_units", equalTo(3));
    }

    /**
     * SPEC §10: an operator's own figure is a claim, not an authority the suite verified: it weighs
     * in the infrastructure pool only once an admin has confirmed it (by reporting the figure).
     * Before, an operator with one registered node reported the tier's maximum and took the pool.
     */
    @Test
    void anOperatorsOwnComputeFigureWeighsOnlyOnceAnAdminConfirmsIt() {
        gross("2001-08-10", 1000);
        score("user:alice", 1);
        compute("n1", "node-op:op1", "regional", 1, "2001-08");
        given().auth().oauth2(TestTokens.mint("node-op:op2", "operator")).contentType(ContentType.JSON)
                .body(registered("n2", "node-op:op2", "regional", 1_000_000_000, "2001-08"))
                .when().post("/api/revenue/compute-reports").then().statusCode(200)
                .body("compute_units", equalTo(1_000_000_000)).body("confirmed", equalTo(false));
        // The same figure sent again by its operator stays unconfirmed; an admin's report confirms it.
        given().auth().oauth2(TestTokens.mint("node-op:op1", "operator")).contentType(ContentType.JSON)
                .body(registered("n1", "node-op:op1", "regional", 1, "2001-08"))
                .when().post("/api/revenue/compute-reports").then().statusCode(200).body("confirmed", equalTo(true));
        given().auth().oauth2(TestTokens.mint("node-op:op3", "operator")).contentType(ContentType.JSON)
                .body(registered("n3", "node-op:op3", "regional", 1, "2001-08"))
                .when().post("/api/revenue/compute-reports").then().statusCode(200).body("confirmed", equalTo(false));
        compute("n3", "node-op:op3", "regional", 1, "2001-08");
        // An operator changing a confirmed figure makes it a claim again.
        given().auth().oauth2(TestTokens.mint("node-op:op3", "operator")).contentType(ContentType.JSON)
                .body(registered("n3", "node-op:op3", "regional", 500, "2001-08"))
                .when().post("/api/revenue/compute-reports").then().statusCode(200).body("confirmed", equalTo(false));

        // An admin sees which figures weigh and which are claims.
        given().auth().oauth2(admin()).queryParam("period", "2001-08").when().get("/api/revenue/compute-reports")
                .then().statusCode(200)
                .body("node_id", org.hamcrest.Matchers.contains("n1", "n2", "n3"))
                .body("confirmed", org.hamcrest.Matchers.contains(true, false, false))
                .body("compute_units", org.hamcrest.Matchers.contains(1, 1_000_000_000, 500));
        given().auth().oauth2(TestTokens.mint("node-op:op2", "operator")).queryParam("period", "2001-08")
                .when().get("/api/revenue/compute-reports").then().statusCode(403);
        given().auth().oauth2(admin()).queryParam("period", "2001-13").when().get("/api/revenue/compute-reports")
                .then().statusCode(400).body("code", equalTo("invalid_period"));
        run("2001-08").then().statusCode(200).body("pools.infra", equalTo(90));
        // Only n1's confirmed unit weighs: the infrastructure pool is op1's.
        assertThat(credits()).containsEntry("pes/revenue-distribution/2001-08/infra/node-op:op1", 90L)
                .doesNotContainKeys("pes/revenue-distribution/2001-08/infra/node-op:op2",
                        "pes/revenue-distribution/2001-08/infra/node-op:op3");
    }

    /**
     * A month the daily run missed (the service down from the 2nd to the month's end) was never
     * distributed: the run tried only the previous month. Now it distributes every closed month with
     * revenue that no run distributed, oldest first, and a second run finds nothing left.
     */
    @Test
    void aMonthTheDailyRunMissedIsDistributedByTheNextRun() {
        gross("2001-06-10", 400);
        gross("2001-07-10", 600);
        score("user:alice", 1);
        run("2001-07").then().statusCode(200).body("period_gross", equalTo(600));

        daily();

        String previous = YearMonth.now(java.time.ZoneOffset.UTC).minusMonths(1).toString();
        assertThat(scalar(pool, "SELECT count(*) FROM distribution_period WHERE period IN ('2001-06', '2001-07', $1)", previous))
                .isEqualTo(3);
        assertThat(scalar(pool, "SELECT period_gross FROM distribution_period WHERE period = '2001-06'")).isEqualTo(400);
        // 400 → 360 / 36 / 4: alice's score takes the users' pool, no compute report carries the infrastructure's.
        assertThat(credits()).containsEntry("pes/revenue-distribution/2001-06/users/user:alice", 360L)
                .containsEntry("pes/revenue-distribution/2001-06/central/platform:central", 4L);
        Map<String, Long> once = credits();

        daily();
        assertThat(credits()).isEqualTo(once);
        assertThat(scalar(pool, "SELECT count(*) FROM distribution_period")).isEqualTo(3);
    }

    /**
     * An operator's figure no admin has confirmed yet weighs nothing, and a month once distributed
     * takes no more reports: the daily run paid the whole infrastructure pool to the operators
     * confirmed by then, and the others' share was gone for good. The daily run now leaves a month
     * with claims to an admin (who confirms them, or runs the month by hand without them) for
     * revenue.distribution-claims-wait after it closed (P40D in tests, P7D by default); past it, it
     * distributes without them, so no operator holds a month for ever by re-claiming.
     */
    @Test
    void theDailyRunWaitsForAMonthsClaimsToBeConfirmedButNotForEver() {
        YearMonth last = YearMonth.now(java.time.ZoneOffset.UTC).minusMonths(1);
        String month = last.toString();
        gross(last.atDay(10).toString(), 1000);
        score("user:alice", 1);
        compute("n1", "node-op:op1", "regional", 1, month);
        given().auth().oauth2(TestTokens.mint("node-op:op2", "operator")).contentType(ContentType.JSON)
                .body(registered("n2", "node-op:op2", "regional", 1, month))
                .when().post("/api/revenue/compute-reports").then().statusCode(200).body("confirmed", equalTo(false));
        // A month long past the wait, with a claim too: distributed without it.
        gross("2001-09-10", 1000);
        compute("n3", "node-op:op3", "regional", 1, "2001-09");
        given().auth().oauth2(TestTokens.mint("node-op:op4", "operator")).contentType(ContentType.JSON)
                .body(registered("n4", "node-op:op4", "regional", 1, "2001-09"))
                .when().post("/api/revenue/compute-reports").then().statusCode(200).body("confirmed", equalTo(false));

        daily();
        assertThat(scalar(pool, "SELECT count(*) FROM distribution_period WHERE period = $1", month)).isZero();
        assertThat(credits()).containsEntry("pes/revenue-distribution/2001-09/infra/node-op:op3", 90L)
                .doesNotContainKey("pes/revenue-distribution/2001-09/infra/node-op:op4");

        compute("n2", "node-op:op2", "regional", 1, month); // an admin confirms op2's figure
        daily();
        assertThat(scalar(pool, "SELECT count(*) FROM distribution_period WHERE period = $1", month)).isEqualTo(1);
        // 1000 → 900 / 90 / 10; the 90 split 45 / 45 between the two confirmed units.
        assertThat(credits()).containsEntry("pes/revenue-distribution/" + month + "/infra/node-op:op1", 45L)
                .containsEntry("pes/revenue-distribution/" + month + "/infra/node-op:op2", 45L);
    }

    /** The daily run, as the scheduler calls it: on a Vert.x context. */
    private void daily() {
        try {
            io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(() -> distributions.scheduled());
        } catch (Throwable e) {
            throw new AssertionError("the daily distribution run failed", e);
        }
    }

    private void gross(String day, long amount) {
        rollups.record(List.of(new StreamEntry(UUID.randomUUID().toString(), LocalDate.parse(day), Stream.API, amount)))
                .await().atMost(Duration.ofSeconds(10));
    }

    private Map<String, Long> credits() {
        Map<String, Long> credits = new HashMap<>();
        for (Row row : pool.query("SELECT event_id, payload FROM outbox WHERE topic = 'revenue.distributions'")
                .execute().await().atMost(Duration.ofSeconds(10))) {
            io.vertx.core.json.JsonObject payload = new io.vertx.core.json.JsonObject(row.getString("payload"));
            credits.put(row.getString("event_id"), payload.getJsonObject("data").getLong("amount"));
        }
        return credits;
    }

    private static Response run(String period) {
        return given().auth().oauth2(admin()).contentType(ContentType.JSON).body("{\"period\":\"" + period + "\"}")
                .when().post("/api/revenue/distributions/run");
    }

    private static void score(String account, long score) {
        given().auth().oauth2(admin()).contentType(ContentType.JSON).body("{\"contribution_score\":" + score + "}")
                .when().put("/api/revenue/contributions/" + account).then().statusCode(200);
    }

    private static void compute(String node, String account, String tier, long units, String period) {
        NodeRegistryStub.register(node, account, tier);
        given().auth().oauth2(TestTokens.mint("admin:root", "admin")).contentType(ContentType.JSON)
                .body(computeBody(node, account, tier, units, period))
                .when().post("/api/revenue/compute-reports").then().statusCode(200);
    }

    private static String registered(String node, String account, String tier, long units, String period) {
        NodeRegistryStub.register(node, account, tier);
        return computeBody(node, account, tier, units, period);
    }

    private static String computeBody(String node, String account, String tier, long units, String period) {
        return "{\"node_id\":\"" + node + "\",\"account\":\"" + account + "\",\"tier\":\"" + tier
                + "\",\"compute_units\":" + units + ",\"period\":\"" + period + "\"}";
    }

}
