package com.platformeconomy.goal.portfolio;

import static com.platformeconomy.testkit.tokens.Tokens.admin;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.platformeconomy.goal.GoalTestSupport;
import com.platformeconomy.stack.LocalStackResource;
import com.platformeconomy.stack.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Idempotency-Key on paper trades (SPEC §10): one key is one trade, whatever is retried or sent at
 * once; the key with another trade is 409 naming what differs; no key is 400 and trades nothing.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class PaperTradeIdempotencyTest {

    private static final String BUY = "{\"side\":\"buy\",\"symbol\":\"BTC\",\"quantity\":1.50,\"price\":100}";

    private static Response trade(String token, String goal, String key, String body) {
        var request = given().auth().oauth2(token).contentType(ContentType.JSON).body(body);
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return request.when().post("/api/goals/" + goal + "/paper-trades");
    }

    private static long cash(String goal) {
        return given().auth().oauth2(admin()).when().get("/api/goals/" + goal + "/portfolio")
                .then().statusCode(200).extract().jsonPath().getLong("cash_tokens");
    }

    private static String key() {
        return "trade-" + UUID.randomUUID();
    }

    @Test
    void aTradeSentTwiceWithOneKeyTradesOnceAndAnswersTheSame() {
        String goal = GoalTestSupport.createGoal(1000, 90);
        String k = key();
        Response first = trade(admin(), goal, k, BUY);
        first.then().statusCode(201).body("cash_delta_tokens", equalTo(-150));
        // The same trade written otherwise (1.5 for 1.50, other field order) is the same request.
        Response second = trade(admin(), goal, k, "{\"price\":100.0,\"quantity\":1.5,\"symbol\":\"BTC\",\"side\":\"buy\"}");
        second.then().statusCode(201).header("Idempotent-Replayed", "true");
        assertThat(second.asString()).isEqualTo(first.asString());
        assertThat(cash(goal)).isEqualTo(850);
    }

    @Test
    void theSameKeyWithAnotherTradeOrGoalIs409NamingWhatDiffers() {
        String goal = GoalTestSupport.createGoal(1000, 90);
        String other = GoalTestSupport.createGoal(1000, 90);
        String k = key();
        trade(admin(), goal, k, BUY).then().statusCode(201);
        trade(admin(), goal, k, BUY.replace("1.50", "2")).then().statusCode(409)
                .contentType("application/problem+json")
                .body("code", equalTo("idempotency_key_reused"))
                .body("errors.field", equalTo(List.of("quantity")));
        trade(admin(), other, k, BUY).then().statusCode(409).body("errors.field", hasItem("goal_id"));
        assertThat(cash(goal)).isEqualTo(850);
        assertThat(cash(other)).isEqualTo(1000);
        // Keys are per caller: the same key from another caller is its own request.
        trade(TestTokens.mint("admin:other", "admin"), goal, k, BUY).then().statusCode(201);
        assertThat(cash(goal)).isEqualTo(700);
    }

    @Test
    void concurrentTradesWithOneKeyTradeOnce() throws Exception {
        String goal = GoalTestSupport.createGoal(1000, 90);
        String k = key();
        String token = admin();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<Response> answers = new ArrayList<>();
        try {
            List<Callable<Response>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(() -> trade(token, goal, k, BUY));
            }
            for (Future<Response> f : threads.invokeAll(calls)) {
                answers.add(f.get());
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(answers).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(201));
        assertThat(answers).extracting(r -> r.jsonPath().getLong("trade_id")).containsOnly(answers.get(0).jsonPath().getLong("trade_id"));
        assertThat(cash(goal)).isEqualTo(850);
    }

    @Test
    void aTradeWithoutAValidKeyIs400AndTradesNothing() {
        String goal = GoalTestSupport.createGoal(1000, 90);
        trade(admin(), goal, null, BUY).then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("idempotency_key_required"));
        trade(admin(), goal, "two words", BUY).then().statusCode(400).body("code", equalTo("invalid_idempotency_key"));
        trade(admin(), goal, "pes/goal/1", BUY).then().statusCode(400).body("code", equalTo("invalid_idempotency_key"));
        assertThat(cash(goal)).isEqualTo(1000);
    }

    @Test
    void aRefusedTradeIsTheKeysOutcome() {
        String goal = GoalTestSupport.createGoal(1000, 90);
        String k = key();
        String sell = "{\"side\":\"sell\",\"symbol\":\"BTC\",\"quantity\":1,\"price\":100}";
        String refused = trade(admin(), goal, k, sell).then().statusCode(409).extract().asString();
        trade(admin(), goal, key(), BUY).then().statusCode(201);
        // Now there is BTC to sell, but the key's first outcome was the refusal.
        trade(admin(), goal, k, sell).then().statusCode(409).header("Idempotent-Replayed", "true").body(equalTo(refused));
        assertThat(cash(goal)).isEqualTo(850);
    }
}
