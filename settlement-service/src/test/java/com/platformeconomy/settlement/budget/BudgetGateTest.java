package com.platformeconomy.settlement.budget;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.platformeconomy.settlement.Db;
import com.platformeconomy.settlement.Usage;
import com.platformeconomy.stack.LocalStackResource;
import com.platformeconomy.stack.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class BudgetGateTest {

    private static ValidatableResponse authorize(String operator, String node, String taskSource, String estimate) {
        return given().auth().oauth2(TestTokens.mint(operator, "operator")).contentType(ContentType.JSON)
                .body("{\"node_id\":\"%s\",\"task_source\":\"%s\",\"estimated_usd\":%s}".formatted(node, taskSource, estimate))
                .when().post("/api/metered-usage/authorize")
                .then();
    }

    private static void configure(String operator, String node, String settings) {
        Usage.register(node, operator);
        given().auth().oauth2(TestTokens.mint(operator, "operator")).contentType(ContentType.JSON)
                .queryParam("node_id", node).body(settings)
                .when().put("/api/settings/compute").then().statusCode(200);
    }

    private static String nodeOf(String operator) {
        return "node-" + operator.substring(8);
    }

    @Test
    void byDefaultANodeNeverPaysForHiveTasks() {
        String operator = Usage.newOperator();
        Usage.register(nodeOf(operator), operator);
        authorize(operator, nodeOf(operator), "hive", "0.10").statusCode(200)
                .body("allowed", equalTo(false)).body("reason", equalTo("metered_for_hive_disabled"));
        authorize(operator, nodeOf(operator), "idle", "0.10").statusCode(200).body("allowed", equalTo(false));
        authorize(operator, nodeOf(operator), "own", "0.10").statusCode(200).body("allowed", equalTo(true));
    }

    @Test
    void localOnlyRefusesEveryPaidCall() {
        String operator = Usage.newOperator();
        configure(operator, nodeOf(operator), "{\"allow_metered_for_hive\": true, \"compute_policy\": \"local_only\"}");
        authorize(operator, nodeOf(operator), "hive", "0.10").statusCode(200)
                .body("allowed", equalTo(false)).body("reason", equalTo("compute_policy_local_only"));
        authorize(operator, nodeOf(operator), "own", "0.10").statusCode(200).body("allowed", equalTo(false));
    }

    @Test
    void withoutACapHiveCallsAreAllowed() {
        String operator = Usage.newOperator();
        configure(operator, nodeOf(operator), "{\"allow_metered_for_hive\": true}");
        authorize(operator, nodeOf(operator), "hive", "500").statusCode(200)
                .body("allowed", equalTo(true)).body("reason", equalTo("no_daily_limit"))
                .body("remaining_daily_usd", nullValue())
                // Still an authorization: its estimate bounds what the record of the call is paid.
                .body("authorization_id", notNullValue());
    }

    @Test
    void anUnregisteredNodeIsNotFoundForEveryone() {
        authorize(Usage.newOperator(), "node-nobody-" + UUID.randomUUID(), "hive", "1.00")
                .statusCode(404).contentType("application/problem+json").body("code", equalTo("unknown_node"));
    }

    @Test
    void todaysSpendPlusTheEstimateMayNotPassTheCap() {
        String operator = Usage.newOperator();
        String node = nodeOf(operator);
        configure(operator, node, "{\"allow_metered_for_hive\": true, \"metered_daily_limit_usd\": 5.00}");
        Usage.record(node, operator, "idle", "4.00");
        // That was yesterday (UTC): it does not count against today's cap.
        Db.update("UPDATE node_daily_spend SET spend_day = spend_day - 1 WHERE node_id = $1", node);
        Usage.record(node, operator, "hive", "3.00");
        Usage.record(node, operator, "own", "40.00"); // the node's own calls do not count against the cap

        authorize(operator, node, "hive", "1.50").statusCode(200)
                .body("allowed", equalTo(true)).body("reason", equalTo("within_daily_limit"))
                .body("remaining_daily_usd", equalTo(0.5f))
                .body("authorization_id", notNullValue());
        authorize(operator, node, "idle", "1.00").statusCode(200)
                .body("allowed", equalTo(false)).body("reason", equalTo("daily_limit_reached"))
                .body("remaining_daily_usd", equalTo(0.5f));
        authorize(operator, node, "hive", "0.50").statusCode(200)
                .body("allowed", equalTo(true)).body("remaining_daily_usd", equalTo(0));
    }

    @Test
    void theUsageRecordOfAnAuthorizationReplacesItsEstimate() {
        String operator = Usage.newOperator();
        String node = nodeOf(operator);
        configure(operator, node, "{\"allow_metered_for_hive\": true, \"metered_daily_limit_usd\": 5.00}");
        String authorization = authorize(operator, node, "hive", "4.00").statusCode(200)
                .body("allowed", equalTo(true)).extract().path("authorization_id");
        authorize(operator, node, "hive", "2.00").body("allowed", equalTo(false));

        // The call cost less than estimated: once recorded, its actual cost counts instead.
        String usageId = "u-" + UUID.randomUUID();
        given().auth().oauth2(TestTokens.mint(operator, "operator")).contentType(ContentType.JSON)
                .body(Usage.withAuthorization(Usage.json(usageId, node, operator, "hive", "1.00"), authorization))
                .when().post("/api/metered-usage").then().statusCode(201);
        assertThat(Db.row("SELECT consumed_by FROM budget_reservation WHERE authorization_id = CAST($1 AS uuid)", authorization)
                .getString("consumed_by")).isEqualTo(usageId);
        authorize(operator, node, "hive", "2.00").body("allowed", equalTo(true)).body("remaining_daily_usd", equalTo(2));
    }

    @Test
    void concurrentRequestsCannotTogetherPassTheCap() throws Exception {
        String operator = Usage.newOperator();
        String node = nodeOf(operator);
        configure(operator, node, "{\"allow_metered_for_hive\": true, \"metered_daily_limit_usd\": 5.00}");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> requests = IntStream.range(0, 16)
                    .<Callable<Boolean>>mapToObj(i -> () -> authorize(operator, node, "hive", "1.00")
                            .statusCode(200).extract().path("allowed"))
                    .toList();
            long allowed = 0;
            for (Future<Boolean> answer : pool.invokeAll(requests)) {
                allowed += answer.get() ? 1 : 0;
            }
            assertThat(allowed).isEqualTo(5);
        } finally {
            pool.shutdown();
        }
        assertThat(Db.row("SELECT SUM(estimated_usd) AS reserved FROM budget_reservation WHERE node_id = $1", node)
                .getBigDecimal("reserved")).isEqualByComparingTo("5.00");
    }

    /**
     * A record's spark is settled within one operator's daily award ceiling (100,000 spark = 1,000 USD
     * here): a call costing more could never be paid and would hold back every later record of its
     * operator, so neither the gate nor the record accepts it.
     */
    @Test
    void aCallWhoseRecordCouldNeverBePaidIsNotAuthorized() {
        String operator = Usage.newOperator();
        String node = nodeOf(operator);
        configure(operator, node, "{\"allow_metered_for_hive\": true}");
        authorize(operator, node, "hive", "1500").statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("usd_cost_too_large"));
        assertThat(Db.rows("SELECT 1 FROM budget_reservation WHERE node_id = $1", node)).isEmpty();
        given().auth().oauth2(TestTokens.mint(operator, "operator")).contentType(ContentType.JSON)
                .body(Usage.json("u-" + UUID.randomUUID(), node, operator, "hive", "1500"))
                .when().post("/api/metered-usage")
                .then().statusCode(400).body("code", equalTo("usd_cost_too_large"));
        authorize(operator, node, "hive", "1000").statusCode(200).body("allowed", equalTo(true));
    }

    @Test
    void anOperatorAsksOnlyForItsOwnNodes() {
        String owner = Usage.newOperator();
        configure(owner, nodeOf(owner), "{\"allow_metered_for_hive\": true, \"metered_daily_limit_usd\": 5.00}");
        authorize(Usage.newOperator(), nodeOf(owner), "hive", "1.00")
                .statusCode(403).contentType("application/problem+json").body("code", equalTo("forbidden"));
        given().contentType(ContentType.JSON)
                .body("{\"node_id\":\"%s\",\"task_source\":\"hive\",\"estimated_usd\":1}".formatted(nodeOf(owner)))
                .when().post("/api/metered-usage/authorize")
                .then().statusCode(401).contentType("application/problem+json");
        assertThat(Db.rows("SELECT 1 FROM budget_reservation WHERE node_id = $1", nodeOf(owner))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "{\"node_id\":\"N\",\"task_source\":\"hive\",\"estimated_usd\":0}",
            "{\"node_id\":\"N\",\"task_source\":\"hive\",\"estimated_usd\":-1}",
            "{\"node_id\":\"N\",\"task_source\":\"hive\",\"estimated_usd\":0.0000001}",
            "{\"node_id\":\"N\",\"task_source\":\"hive\",\"estimated_usd\":10000.01}",
            "{\"node_id\":\"N\",\"task_source\":\"hive\",\"estimated_usd\":\"lots\"}",
            "{\"node_id\":\"N\",\"task_source\":\"mine\",\"estimated_usd\":1}",
            "{\"node_id\":\"N\",\"estimated_usd\":1}",
            "{\"task_source\":\"hive\",\"estimated_usd\":1}",
            "{\"node_id\":\"N\",\"task_source\":\"hive\",\"estimated_usd\":1,\"extra\":1}",
            "{\"node_id\":\"N\",\"task_source\":\"hive\",",
            "",
    })
    void badInputIsRefusedAndReservesNothing(String body) {
        String operator = Usage.newOperator();
        String node = nodeOf(operator);
        configure(operator, node, "{\"allow_metered_for_hive\": true, \"metered_daily_limit_usd\": 5.00}");
        given().auth().oauth2(TestTokens.mint(operator, "operator")).contentType(ContentType.JSON)
                .body(body.replace("\"N\"", "\"" + node + "\""))
                .when().post("/api/metered-usage/authorize")
                .then().statusCode(400).contentType("application/problem+json");
        assertThat(Db.rows("SELECT 1 FROM budget_reservation WHERE node_id = $1", node)).isEmpty();
    }

    @Test
    void aMissingFieldIsNamed() {
        String operator = Usage.newOperator();
        given().auth().oauth2(TestTokens.mint(operator, "operator")).contentType(ContentType.JSON)
                .body("{\"node_id\":\"" + nodeOf(operator) + "\",\"task_source\":\"hive\"}")
                .when().post("/api/metered-usage/authorize")
                .then().statusCode(400).body("errors.field", hasItem("estimated_usd"));
    }
}
