package com.platformeconomy.settlement;

import static io.restassured.RestAssured.given;

import com.platformeconomy.stack.TestTokens;
import io.restassured.http.ContentType;
import java.util.UUID;

/**
 * Usage records for tests, reported over the REST route as a service would. {@link #record} makes
 * a payable record the way SPEC §10 requires: the node registered to its operator, metered use
 * for hive switched on, and the budget gate's authorization named by the record.
 */
public final class Usage {

    private Usage() {
    }

    public static String json(String usageId, String nodeId, String operatorId, String taskSource, String usd) {
        return """
                {"usage_id":"%s","node_id":"%s",%s"model_id":"gpt-4","task_source":"%s",
                 "tokens_in":1200,"tokens_out":300,"actual_usd_cost":%s}"""
                .formatted(usageId, nodeId, operatorId == null ? "" : "\"operator_id\":\"" + operatorId + "\",",
                        taskSource, usd);
    }

    public static String withAuthorization(String json, String authorizationId) {
        return json.substring(0, json.lastIndexOf('}')) + ",\"authorization_id\":\"" + authorizationId + "\"}";
    }

    /** Registers the node to the operator, as an admin does (idempotent for the same operator). */
    public static void register(String nodeId, String operatorId) {
        given().auth().oauth2(TestTokens.mint("admin:ops", "admin"))
                .contentType(ContentType.JSON)
                .body("{\"node_id\":\"%s\",\"operator_id\":\"%s\"}".formatted(nodeId, operatorId))
                .when().post("/api/admin/nodes")
                .then().statusCode(org.hamcrest.Matchers.oneOf(200, 201));
    }

    /** Registers the node to the operator with its tier (flat, regional, central), as an admin does. */
    public static void register(String nodeId, String operatorId, String tier) {
        given().auth().oauth2(TestTokens.mint("admin:ops", "admin"))
                .contentType(ContentType.JSON)
                .body("{\"node_id\":\"%s\",\"operator_id\":\"%s\",\"node_tier\":\"%s\"}".formatted(nodeId, operatorId, tier))
                .when().post("/api/admin/nodes")
                .then().statusCode(org.hamcrest.Matchers.oneOf(200, 201));
    }

    /** The operator's PUT of its node's settings. */
    public static void configure(String nodeId, String operatorId, String settings) {
        given().auth().oauth2(TestTokens.mint(operatorId, "operator")).contentType(ContentType.JSON)
                .queryParam("node_id", nodeId).body(settings)
                .when().put("/api/settings/compute").then().statusCode(200);
    }

    /** The budget gate's authorization of {@code usd} for the node, asked by its operator; null when refused. */
    public static String authorize(String nodeId, String operatorId, String taskSource, String usd) {
        return given().auth().oauth2(TestTokens.mint(operatorId, "operator")).contentType(ContentType.JSON)
                .body("{\"node_id\":\"%s\",\"task_source\":\"%s\",\"estimated_usd\":%s}".formatted(nodeId, taskSource, usd))
                .when().post("/api/metered-usage/authorize")
                .then().statusCode(200).extract().path("authorization_id");
    }

    /**
     * The estimate a node asks the gate for before a call of {@code usd}: the cost itself, but at
     * least one spark's worth ($0.01 at 100 spark per USD), the least the gate authorizes (SPEC §10:
     * a record is never paid more than its authorization was worth, and it is paid at least a spark).
     * So the seed's $0.004 record is authorized $0.01 and still paid §2's one spark.
     */
    public static String estimateFor(String usd) {
        return new java.math.BigDecimal(usd).max(new java.math.BigDecimal("0.01")).toPlainString();
    }

    /**
     * Records one usage that is allowed (hive/idle: registered, metered for hive on, authorized
     * for its cost, {@link #estimateFor at least a spark's worth}) and answers its usage id. Without an operator, the record is sent
     * as is, for a node nobody registered.
     */
    public static String record(String nodeId, String operatorId, String taskSource, String usd) {
        return record("u-" + UUID.randomUUID(), nodeId, operatorId, taskSource, usd);
    }

    /** {@link #record(String, String, String, String)} under the given usage id. */
    public static String record(String usageId, String nodeId, String operatorId, String taskSource, String usd) {
        String body = json(usageId, nodeId, operatorId, taskSource, usd);
        if (operatorId != null) {
            register(nodeId, operatorId);
            if (!"own".equals(taskSource)) {
                configure(nodeId, operatorId, "{\"allow_metered_for_hive\": true}");
                String authorization = authorize(nodeId, operatorId, taskSource, estimateFor(usd));
                if (authorization == null) {
                    throw new AssertionError("the gate refused " + usd + " USD for " + nodeId);
                }
                body = withAuthorization(body, authorization);
            }
        }
        send(body, 201);
        return usageId;
    }

    /** Sends a record body as an admin and expects {@code status}. */
    public static io.restassured.response.ValidatableResponse send(String body, int status) {
        return given().auth().oauth2(TestTokens.mint("admin:gateway", "admin"))
                .contentType(ContentType.JSON).body(body)
                .when().post("/api/metered-usage")
                .then().statusCode(status);
    }

    /** A fresh operator account, so that a test sees only its own records among everyone's. */
    public static String newOperator() {
        return "node-op:" + UUID.randomUUID().toString().substring(0, 13);
    }
}
