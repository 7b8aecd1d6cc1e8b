package com.platformeconomy.settlement.settlement;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.platformeconomy.settlement.Db;
import com.platformeconomy.stack.LocalStackResource;
import com.platformeconomy.stack.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Times one settlement run over 1,000,000 pending records (1,000 operators, 2,000 nodes, ages up
 * to 90 days). Not named *Test, and it runs only when asked, because a {@code -Dtest='!X'} build
 * would otherwise pick it up too; run it alone with
 * <pre>
 * ./mvnw -B verify -pl settlement-service -am -Dtest=SettlementBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dbenchmark=true
 * </pre>
 * It prints the figure and checks that the run settled every record correctly; it asserts no time.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class SettlementBenchmark {

    private static final int RECORDS = 1_000_000;

    @Test
    void settleAMillionPendingRecords() {
        long insertStart = System.nanoTime();
        Db.update("""
                INSERT INTO metered_usage (usage_id, node_id, operator_id, model_id, task_source,
                                           tokens_in, tokens_out, actual_usd_cost, recorded_at)
                SELECT 'bench-' || g, 'bench-node-' || (g % 2000), 'node-op:bench-' || (g % 1000), 'gpt-4',
                       CASE WHEN g % 2 = 0 THEN 'hive' ELSE 'idle' END, 1000, 200,
                       CAST(((g % 5000) + 1) * 0.000037 AS NUMERIC(20, 6)), now() - (g % 90) * interval '1 day'
                FROM generate_series(1, $1) g""", RECORDS);
        Db.update("ANALYZE metered_usage");
        double insertSeconds = (System.nanoTime() - insertStart) / 1e9;
        long expectedSpark = Db.row("""
                SELECT SUM(GREATEST(1, FLOOR(actual_usd_cost * 100))) AS spark FROM metered_usage
                WHERE usage_id LIKE 'bench-%'""").getNumeric("spark").longValue();

        long start = System.nanoTime();
        JsonPath result = given().auth().oauth2(TestTokens.mint("admin:bench", "admin"))
                .when().post("/api/admin/settlements/run")
                .then().statusCode(200).extract().jsonPath();
        double seconds = (System.nanoTime() - start) / 1e9;

        System.out.printf("%nSETTLEMENT BENCHMARK: %,d pending records inserted in %.1f s; one settlement run"
                        + " settled %,d records into %,d batches (%,d spark) in %.2f s%n%n",
                RECORDS, insertSeconds, result.getLong("settled_count"),
                Db.row("SELECT COUNT(*) AS n FROM settlement_batch WHERE operator_id LIKE 'node-op:bench-%'").getLong("n"),
                result.getLong("total_spark_awarded"), seconds);

        assertThat(result.getLong("settled_count")).isGreaterThanOrEqualTo(RECORDS);
        assertThat(Db.row("SELECT SUM(tokens) AS spark FROM settlement_batch WHERE operator_id LIKE 'node-op:bench-%'")
                .getNumeric("spark").longValue()).isEqualTo(expectedSpark);
        assertThat(Db.row("SELECT COUNT(*) AS n FROM outbox WHERE topic = 'settlement.awarded'").getLong("n")).isGreaterThanOrEqualTo(1000);
    }
}
