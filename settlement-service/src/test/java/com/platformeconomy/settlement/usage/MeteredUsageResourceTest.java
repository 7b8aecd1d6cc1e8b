package com.platformeconomy.settlement.usage;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.platformeconomy.stack.LocalStackResource;
import com.platformeconomy.stack.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class MeteredUsageResourceTest {

    private static final String OPERATOR = "node-op:n1";

    private static String usage(String id, String cost) {
        return """
                {"usage_id":"%s","node_id":"node-1","operator_id":"%s","model_id":"gpt-4",
                 "task_source":"hive","tokens_in":1200,"tokens_out":300,"actual_usd_cost":%s}"""
                .formatted(id, OPERATOR, cost);
    }

    @BeforeEach
    void registerTheNode() {
        com.platformeconomy.settlement.Usage.register("node-1", OPERATOR);
    }

    @Test
    void withoutATokenIsRefusedAsProblemJson() {
        given().contentType(ContentType.JSON).body(usage("u-" + UUID.randomUUID(), "0.004"))
                .when().post("/api/metered-usage")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .body("code", equalTo("unauthorized"));
    }

    @Test
    void aForgedTokenIsRefused() {
        String token = TestTokens.mint(OPERATOR, "operator");
        String forged = token.substring(0, token.lastIndexOf('.') + 1) + "c2lnbmF0dXJl";
        given().auth().oauth2(forged).contentType(ContentType.JSON).body(usage("u-" + UUID.randomUUID(), "0.004"))
                .when().post("/api/metered-usage")
                .then().statusCode(401).body("code", equalTo("unauthorized"));
    }

    @Test
    void withAValidTokenRecordsOnceAndReplaysUnchanged() {
        String id = "u-" + UUID.randomUUID();
        String token = TestTokens.mint(OPERATOR, "operator");
        given().auth().oauth2(token).contentType(ContentType.JSON).body(usage(id, "1.23"))
                .when().post("/api/metered-usage")
                .then().statusCode(201)
                .body("usage_id", equalTo(id))
                // Kept, but never paid: it names no authorization of the budget gate (SPEC §10).
                .body("settlement_status", equalTo("not_payable"))
                .body("not_payable_reason", equalTo("metered_for_hive_disabled"))
                .body("actual_usd_cost", equalTo(1.23f));

        given().auth().oauth2(token).contentType(ContentType.JSON).body(usage(id, "1.230"))
                .when().post("/api/metered-usage")
                .then().statusCode(200).body("usage_id", equalTo(id));

        given().auth().oauth2(token).contentType(ContentType.JSON).body(usage(id, "9.99"))
                .when().post("/api/metered-usage")
                .then().statusCode(409).contentType("application/problem+json").body("code", equalTo("usage_id_reused"));
    }

    @Test
    void anOperatorCannotReportForAnother() {
        given().auth().oauth2(TestTokens.mint("node-op:someone-else", "operator"))
                .contentType(ContentType.JSON).body(usage("u-" + UUID.randomUUID(), "0.5"))
                .when().post("/api/metered-usage")
                .then().statusCode(403).body("code", equalTo("forbidden"));
    }

    @Test
    void anOperatorCannotReportOnANodeRegisteredToAnother() {
        String other = "node-op:someone-else";
        given().auth().oauth2(TestTokens.mint(other, "operator"))
                .contentType(ContentType.JSON).body(usage("u-" + UUID.randomUUID(), "0.5").replace(OPERATOR, other))
                .when().post("/api/metered-usage")
                .then().statusCode(403).body("code", equalTo("forbidden"));
        given().auth().oauth2(TestTokens.mint(other, "operator"))
                .contentType(ContentType.JSON).body(usage("u-" + UUID.randomUUID(), "0.5")
                        .replace(OPERATOR, other).replace("node-1", "node-nobody-registered"))
                .when().post("/api/metered-usage")
                .then().statusCode(404).body("code", equalTo("unknown_node"));
    }

    /**
     * SPEC §10 "with someone else's id": usage ids are the node's own. An operator recording, on its
     * own node, an id another node's agent will use later must not take it from that node (its real
     * record would be refused as reused and never paid).
     */
    @Test
    void anOperatorCannotTakeTheUsageIdsOfAnotherOperatorsNode() {
        String squatter = "node-op:squatter-" + UUID.randomUUID().toString().substring(0, 8);
        String squatterNode = "node-squat-" + squatter.substring(17);
        com.platformeconomy.settlement.Usage.register(squatterNode, squatter);
        String id = "usage-n1-" + UUID.randomUUID();
        String squatted = usage(id, "0.5").replace("node-1", squatterNode).replace(OPERATOR, squatter);
        given().auth().oauth2(TestTokens.mint(squatter, "operator")).contentType(ContentType.JSON).body(squatted)
                .when().post("/api/metered-usage").then().statusCode(201);

        String token = TestTokens.mint(OPERATOR, "operator");
        given().auth().oauth2(token).contentType(ContentType.JSON).body(usage(id, "1.23"))
                .when().post("/api/metered-usage")
                .then().statusCode(201).body("usage_id", equalTo(id)).body("node_id", equalTo("node-1"))
                .body("actual_usd_cost", equalTo(1.23f));
        // Each replays as its own record.
        given().auth().oauth2(token).contentType(ContentType.JSON).body(usage(id, "1.23"))
                .when().post("/api/metered-usage").then().statusCode(200).body("node_id", equalTo("node-1"));
        given().auth().oauth2(TestTokens.mint(squatter, "operator")).contentType(ContentType.JSON).body(squatted)
                .when().post("/api/metered-usage").then().statusCode(200).body("node_id", equalTo(squatterNode))
                .body("actual_usd_cost", equalTo(0.5f));
        org.assertj.core.api.Assertions.assertThat(com.platformeconomy.settlement.Db.rows(
                "SELECT node_id FROM metered_usage WHERE usage_id = $1 ORDER BY node_id", id))
                .extracting(row -> row.getString("node_id")).containsExactly("node-1", squatterNode);
    }

    @Test
    void anOperatorIdTheWalletWouldRefuseIsBadInput() {
        given().auth().oauth2(TestTokens.mint("admin:gateway", "admin"))
                .contentType(ContentType.JSON).body(usage("u-" + UUID.randomUUID(), "0.5").replace(OPERATOR, "bob"))
                .when().post("/api/metered-usage")
                .then().statusCode(400).contentType("application/problem+json").body("code", equalTo("unknown_account"));
    }

    @Test
    void aUserRoleCannotReportUsage() {
        given().auth().oauth2(TestTokens.mint(OPERATOR, "user"))
                .contentType(ContentType.JSON).body(usage("u-" + UUID.randomUUID(), "0.5"))
                .when().post("/api/metered-usage")
                .then().statusCode(403).contentType("application/problem+json");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "negative cost        | \"actual_usd_cost\":0.5         | \"actual_usd_cost\":-0.5        | actual_usd_cost",
            "zero cost            | \"actual_usd_cost\":0.5         | \"actual_usd_cost\":0           | actual_usd_cost",
            "seven decimals       | \"actual_usd_cost\":0.5         | \"actual_usd_cost\":0.0000001   | actual_usd_cost",
            "cost as text         | \"actual_usd_cost\":0.5         | \"actual_usd_cost\":\"lots\"    | actual_usd_cost",
            "fractional tokens    | \"tokens_in\":1200              | \"tokens_in\":12.5              | tokens_in",
            "negative tokens      | \"tokens_in\":1200              | \"tokens_in\":-1                | tokens_in",
            "huge tokens          | \"tokens_in\":1200              | \"tokens_in\":99999999999999999999 | tokens_in",
            "unknown task source  | \"task_source\":\"hive\"        | \"task_source\":\"mine\"        | task_source",
            "missing node         | \"node_id\":\"node-1\",         | ''                              | node_id",
            "misspelt field       | \"model_id\"                    | \"modle_id\"                    | modle_id",
    })
    void badInputIsRefusedAndChangesNothing(String label, String good, String bad, String field) {
        String id = "u-" + UUID.randomUUID();
        String token = TestTokens.mint(OPERATOR, "operator");
        String body = usage(id, "0.5").replace(good, bad);
        given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post("/api/metered-usage")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem(field));

        // Nothing was stored: the same id is still free for a valid record.
        given().auth().oauth2(token).contentType(ContentType.JSON).body(usage(id, "0.5"))
                .when().post("/api/metered-usage")
                .then().statusCode(201);
    }

    @Test
    void malformedJsonAndCostsAboveTheBoundAreRefused() {
        String token = TestTokens.mint(OPERATOR, "operator");
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"usage_id\": ")
                .when().post("/api/metered-usage")
                .then().statusCode(400).contentType("application/problem+json").body("code", equalTo("malformed_json"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body(usage("u-" + UUID.randomUUID(), "10000.01"))
                .when().post("/api/metered-usage")
                .then().statusCode(400).body("code", equalTo("usd_cost_too_large"));
    }
}
