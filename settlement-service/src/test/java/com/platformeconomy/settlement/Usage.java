package com.platformeconomy.settlement;

import static io.restassured.RestAssured.given;

import com.platformeconomy.stack.TestTokens;
import io.restassured.http.ContentType;
import java.util.UUID;

/** Usage records for tests, reported over the REST route as a service would. */
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

    /** Records one usage and answers its usage id. */
    public static String record(String nodeId, String operatorId, String taskSource, String usd) {
        String usageId = "u-" + UUID.randomUUID();
        given().auth().oauth2(TestTokens.mint("svc:gateway", "service"))
                .contentType(ContentType.JSON).body(json(usageId, nodeId, operatorId, taskSource, usd))
                .when().post("/api/metered-usage")
                .then().statusCode(201);
        return usageId;
    }

    /** A fresh operator account, so that a test sees only its own records among everyone's. */
    public static String newOperator() {
        return "node-op:" + UUID.randomUUID().toString().substring(0, 13);
    }
}
