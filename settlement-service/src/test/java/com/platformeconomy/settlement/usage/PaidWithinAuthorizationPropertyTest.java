package com.platformeconomy.settlement.usage;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.platformeconomy.settlement.Db;
import com.platformeconomy.settlement.Usage;
import com.platformeconomy.stack.LocalStackResource;
import com.platformeconomy.stack.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Row;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 16's property, tried through the real routes and database: for random streams of gate
 * authorizations and usage reports (costs above and below the estimates, reused, foreign and
 * missing authorizations, estimates worth less than a spark, caps or none), what is paid for a node
 * in a day never exceeds its daily cap nor what was authorized, and no authorization pays more than
 * its estimate, in USD nor in the spark it was worth (§2's minimum of one spark per record never
 * lifts pay above that). Each seed is one reproducible stream.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class PaidWithinAuthorizationPropertyTest {

    private static BigDecimal usd(Random random, int maxCents) {
        return BigDecimal.valueOf(1 + random.nextInt(maxCents), 2);
    }

    /** The gate's authorization, null when refused; a 400 only for an estimate worth less than a spark. */
    private static String authorize(String node, String operator, String taskSource, BigDecimal estimate) {
        var answer = given().auth().oauth2(TestTokens.mint(operator, "operator")).contentType(ContentType.JSON)
                .body("{\"node_id\":\"%s\",\"task_source\":\"%s\",\"estimated_usd\":%s}".formatted(node, taskSource, estimate.toPlainString()))
                .when().post("/api/metered-usage/authorize")
                .then().extract();
        if (answer.statusCode() == 400) {
            assertThat(estimate.multiply(BigDecimal.valueOf(RATE))).as("refused %s", estimate).isLessThan(BigDecimal.ONE);
            assertThat(answer.<String>path("code")).isEqualTo("invalid_field");
            return null;
        }
        assertThat(answer.statusCode()).isEqualTo(200);
        return answer.path("authorization_id");
    }

    private static final long RATE = 100;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 5, 8, 13, 21, 34})
    void paidPerNodePerDayStaysWithinTheCapAndTheAuthorizations(long seed) {
        Random random = new Random(seed);
        String operator = Usage.newOperator();
        String node = "node-prop-" + operator.substring(8);
        Usage.register(node, operator);
        BigDecimal cap = random.nextInt(3) == 0 ? BigDecimal.ZERO : usd(random, 1000);
        // A threshold of one spark: whatever is payable is paid in this stream.
        Usage.configure(node, operator, "{\"allow_metered_for_hive\": true, \"min_settlement_spark\": 1, \"metered_daily_limit_usd\": " + cap + "}");

        List<String> authorizations = new ArrayList<>();
        BigDecimal authorized = BigDecimal.ZERO;
        for (int step = 0; step < 14; step++) {
            if (random.nextBoolean()) {
                // Now and then an estimate worth less than a spark ($0.000001 to $0.009999).
                BigDecimal estimate = random.nextInt(4) == 0 ? BigDecimal.valueOf(1 + random.nextInt(9999), 6) : usd(random, 400);
                String id = authorize(node, operator, random.nextBoolean() ? "hive" : "idle", estimate);
                if (id != null) {
                    authorizations.add(id);
                    authorized = authorized.add(estimate);
                }
            } else {
                String body = Usage.json("u-" + UUID.randomUUID(), node, operator, random.nextBoolean() ? "hive" : "idle",
                        usd(random, 800).toPlainString());
                int pick = random.nextInt(authorizations.size() + 2);
                if (pick < authorizations.size()) {
                    body = Usage.withAuthorization(body, authorizations.get(pick)); // possibly one already used
                } else if (pick == authorizations.size()) {
                    body = Usage.withAuthorization(body, UUID.randomUUID().toString()); // one the gate never gave
                }
                Usage.send(body, 201);
            }
            if (random.nextInt(5) == 0) {
                given().auth().oauth2(TestTokens.mint("admin:ops", "admin")).when().post("/api/admin/settlements/run")
                        .then().statusCode(200);
            }
        }
        given().auth().oauth2(TestTokens.mint("admin:ops", "admin")).when().post("/api/admin/settlements/run")
                .then().statusCode(200);

        BigDecimal payable = Db.row("SELECT COALESCE(SUM(payable_usd), 0) AS p FROM metered_usage WHERE node_id = $1"
                + " AND settlement_status IN ('pending', 'settled')", node).getBigDecimal("p");
        BigDecimal paid = Db.row("SELECT COALESCE(SUM(usd), 0) AS p FROM settlement_batch_node WHERE node_id = $1", node)
                .getBigDecimal("p");
        assertThat(paid).as("seed %d: paid ≤ payable", seed).isLessThanOrEqualTo(payable);
        assertThat(payable).as("seed %d: payable ≤ Σ authorized %s", seed, authorized).isLessThanOrEqualTo(authorized);
        if (cap.signum() > 0) {
            assertThat(payable).as("seed %d: payable ≤ cap %s", seed, cap).isLessThanOrEqualTo(cap);
        }
        for (Row row : Db.rows("SELECT r.estimated_usd, COALESCE(SUM(m.payable_usd), 0) AS p FROM budget_reservation r"
                + " LEFT JOIN metered_usage m ON m.authorization_id = r.authorization_id AND m.settlement_status IN ('pending', 'settled')"
                + " WHERE r.node_id = $1 GROUP BY r.authorization_id, r.estimated_usd", node)) {
            assertThat(row.getBigDecimal("p")).as("seed %d: one authorization's pay", seed)
                    .isLessThanOrEqualTo(row.getBigDecimal("estimated_usd"));
        }
        // In spark: no record is paid more than its authorization was worth, nor the node more than all of them.
        for (Row row : Db.rows("SELECT m.usage_id, m.spark_awarded, FLOOR(r.estimated_usd * CAST($2 AS BIGINT)) AS worth FROM metered_usage m"
                + " JOIN budget_reservation r ON r.authorization_id = m.authorization_id"
                + " WHERE m.node_id = $1 AND m.settlement_status = 'settled'", node, RATE)) {
            assertThat(row.getLong("spark_awarded")).as("seed %d: spark paid for %s", seed, row.getString("usage_id"))
                    .isLessThanOrEqualTo(row.getBigDecimal("worth").longValueExact());
        }
        long tokens = Db.row("SELECT COALESCE(SUM(tokens), 0) AS t FROM settlement_batch_node WHERE node_id = $1", node).getLong("t");
        long worth = Db.row("SELECT COALESCE(SUM(FLOOR(estimated_usd * CAST($2 AS BIGINT))), 0) AS w FROM budget_reservation WHERE node_id = $1",
                node, RATE).getBigDecimal("w").longValueExact();
        assertThat(tokens).as("seed %d: tokens paid ≤ Σ floor(estimate × rate) = %d", seed, worth).isLessThanOrEqualTo(worth);
        // Every record is kept, paid or with its reason.
        assertThat(Db.rows("SELECT 1 FROM metered_usage WHERE node_id = $1 AND settlement_status = 'not_payable'"
                + " AND not_payable_reason IS NULL", node)).isEmpty();
    }
}
