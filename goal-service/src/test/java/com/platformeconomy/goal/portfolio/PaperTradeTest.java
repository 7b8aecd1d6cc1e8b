package com.platformeconomy.goal.portfolio;

import static com.platformeconomy.testkit.tokens.Tokens.admin;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.platformeconomy.goal.GoalTestSupport;
import com.platformeconomy.stack.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class PaperTradeTest {

    private static String trade(String side, String symbol, String quantity, String price) {
        return "{\"side\":\"%s\",\"symbol\":\"%s\",\"quantity\":%s,\"price\":%s}".formatted(side, symbol, quantity, price);
    }

    private static ValidatableResponse post(String goalId, String body) {
        return given().auth().oauth2(admin()).contentType(ContentType.JSON).header("Idempotency-Key", "t-" + UUID.randomUUID())
                .body(body).when().post("/api/goals/" + goalId + "/paper-trades").then();
    }

    private static Map<String, Object> portfolio(String goalId) {
        return given().auth().oauth2(admin()).when().get("/api/goals/" + goalId + "/portfolio")
                .then().statusCode(200).extract().jsonPath().getMap("$");
    }

    @Test
    void decimalTradesMeetWholeTokenCashWithoutCreatingTokens() {
        String goal = GoalTestSupport.createGoal(1000, 50);
        // 2.5 × 40.2 = 100.5 tokens: a buy costs it rounded up.
        post(goal, trade("buy", "ETH", "2.5", "40.2")).statusCode(201)
                .body("cash_delta_tokens", equalTo(-101))
                .body("portfolio.cash_tokens", equalTo(899))
                .body("portfolio.positions[0].cost_tokens", equalTo(101));
        // 1 × 50 = 50 tokens in; 101 × 1/2.5 = 40.4 → 40 tokens of cost leave: +10 realised.
        post(goal, trade("sell", "ETH", "1", "50")).statusCode(201)
                .body("cash_delta_tokens", equalTo(50))
                .body("realised_pnl_tokens", equalTo(10))
                .body("portfolio.cash_tokens", equalTo(949))
                .body("portfolio.positions[0].quantity", equalTo(1.5f))
                .body("portfolio.positions[0].cost_tokens", equalTo(61))
                // 1.5 × 50 = 75 market value: 14 unrealised.
                .body("portfolio.positions[0].market_value_tokens", equalTo(75))
                .body("portfolio.unrealised_pnl_tokens", equalTo(14))
                .body("portfolio.realised_pnl_tokens", equalTo(10))
                .body("portfolio.equity_tokens", equalTo(1024))
                .body("portfolio.loss_tokens", equalTo(-24));
        // Selling the rest takes the rest of the cost: realised over the whole position is proceeds − cost.
        post(goal, trade("sell", "ETH", "1.5", "50")).statusCode(201)
                .body("realised_pnl_tokens", equalTo(14))
                .body("portfolio.cash_tokens", equalTo(1024))
                .body("portfolio.realised_pnl_tokens", equalTo(24))
                .body("portfolio.positions.size()", equalTo(0));
    }

    @Test
    void aBuyPastCashIsRefusedAndChangesNothing() {
        String goal = GoalTestSupport.createGoal(1000, 50);
        post(goal, trade("buy", "BTC", "1", "10")).statusCode(201);
        Map<String, Object> before = portfolio(goal);

        // 99 × 10.0001 = 990.0099 → 991 tokens, one more than the 990 left.
        post(goal, trade("buy", "BTC", "99", "10.0001")).statusCode(402)
                .contentType("application/problem+json").body("code", equalTo("insufficient_cash"));
        assertThat(portfolio(goal)).isEqualTo(before);

        // Exactly the cash left is fine, and leaves none.
        post(goal, trade("buy", "BTC", "99", "10")).statusCode(201).body("portfolio.cash_tokens", equalTo(0));
    }

    @Test
    void aSaleOfMoreThanHeldIsRefusedAndChangesNothing() {
        String goal = GoalTestSupport.createGoal(1000, 50);
        post(goal, trade("buy", "BTC", "2", "10")).statusCode(201);
        Map<String, Object> before = portfolio(goal);

        post(goal, trade("sell", "BTC", "2.00000001", "10")).statusCode(409)
                .contentType("application/problem+json").body("code", equalTo("insufficient_position"));
        // No short selling: nothing held, nothing to sell.
        post(goal, trade("sell", "SOL", "1", "10")).statusCode(409).body("code", equalTo("insufficient_position"));
        assertThat(portfolio(goal)).isEqualTo(before);
    }

    @Test
    void crossingMaxLossStopsTheGoalAndRefusesFurtherTrades() {
        String goal = GoalTestSupport.createGoal(1000, 10);
        post(goal, trade("buy", "BTC", "10", "100")).statusCode(201).body("portfolio.cash_tokens", equalTo(0));
        // Loss exactly 10 % (100 of 1000): at the limit, not past it.
        post(goal, trade("sell", "BTC", "1", "90")).statusCode(201)
                .body("portfolio.loss_tokens", equalTo(100))
                .body("portfolio.goal_status", equalTo("active"));
        // 179 cash + 8 × 89 = 891 equity: a loss of 109 passes 100.
        post(goal, trade("sell", "BTC", "1", "89")).statusCode(201)
                .body("portfolio.loss_tokens", equalTo(109))
                .body("portfolio.goal_status", equalTo("stopped"));

        given().auth().oauth2(admin()).when().get("/api/goals/" + goal)
                .then().statusCode(200).body("status", equalTo("stopped"));
        Map<String, Object> stopped = portfolio(goal);
        post(goal, trade("sell", "BTC", "1", "120")).statusCode(409)
                .contentType("application/problem+json").body("code", equalTo("goal_not_active"));
        assertThat(portfolio(goal)).isEqualTo(stopped);

        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> GoalTestSupport.changesOf(goal).contains("stopped"));
        assertThat(GoalTestSupport.changesOf(goal)).containsExactly("created", "stopped");
    }

    @Test
    void concurrentBuysNeverOverspendCash() throws Exception {
        String goal = GoalTestSupport.createGoal(1000, 50);
        String token = admin();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> buys = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                buys.add(() -> given().auth().oauth2(token).contentType(ContentType.JSON)
                        .header("Idempotency-Key", "t-" + UUID.randomUUID())
                        .body(trade("buy", "BTC", "1", "300"))
                        .when().post("/api/goals/" + goal + "/paper-trades").then().extract().statusCode());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> outcome : pool.invokeAll(buys)) {
                statuses.add(outcome.get());
            }
            assertThat(statuses).containsOnly(201, 402);
            assertThat(statuses.stream().filter(s -> s == 201)).hasSize(3);
        } finally {
            pool.shutdownNow();
        }
        Map<String, Object> book = portfolio(goal);
        assertThat(book).containsEntry("cash_tokens", 100);
        given().auth().oauth2(admin()).when().get("/api/goals/" + goal + "/portfolio")
                .then().body("positions[0].quantity", equalTo(3.0f)).body("positions[0].cost_tokens", equalTo(900));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "zero quantity      | \"quantity\":1        | \"quantity\":0             | quantity",
            "negative quantity  | \"quantity\":1        | \"quantity\":-1            | quantity",
            "nine decimals      | \"quantity\":1        | \"quantity\":0.000000001   | quantity",
            "quantity as text   | \"quantity\":1        | \"quantity\":\"one\"       | quantity",
            "zero price         | \"price\":10          | \"price\":0                | price",
            "negative price     | \"price\":10          | \"price\":-10              | price",
            "unknown side       | \"side\":\"buy\"      | \"side\":\"hold\"          | side",
            "missing symbol     | \"symbol\":\"BTC\",   | ''                         | symbol",
            "unknown field      | \"price\"             | \"prize\"                  | prize",
    })
    void badTradesAreRefusedAndChangeNothing(String label, String good, String bad, String field) {
        String goal = GoalTestSupport.createGoal(1000, 50);
        post(goal, trade("buy", "BTC", "1", "10").replace(good, bad)).statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem(field));
        assertThat(portfolio(goal)).containsEntry("cash_tokens", 1000);
    }

    @Test
    void aTradeThatWouldValueTheBookPastATokenAmountIsRefusedAndChangesNothing() {
        String goal = GoalTestSupport.createGoal(1000, 50);
        // 10^11 units at 10^-8 tokens cost the whole budget; each is valid input on its own.
        post(goal, trade("buy", "DUST", "100000000000", "0.00000001")).statusCode(201);
        Map<String, Object> before = portfolio(goal);
        // One unit sold at 10^15 - 1 tokens fits, but it prices the other 10^11 - 1 units at ~10^26 tokens.
        post(goal, trade("sell", "DUST", "1", "999999999999999")).statusCode(400)
                .contentType("application/problem+json").body("code", equalTo("trade_too_large"));
        assertThat(portfolio(goal)).isEqualTo(before);
    }

    /**
     * The book's running realised P&L is a token amount too: trades whose each value fits, cycled so
     * that cash and equity stay small, must not wrap it (a long overflowing silently turns 1.8 × 10^19
     * tokens of gains into a loss). The trade that would is refused and changes nothing.
     */
    @Test
    void aTradeThatWouldOverflowTheRealisedGainsIsRefusedAndChangesNothing() {
        String goal = GoalTestSupport.createGoal(1000, 50);
        post(goal, trade("buy", "A", "100000000000", "0.00000001")).statusCode(201);
        post(goal, trade("sell", "A", "100000000000", "90000000")).statusCode(201); // 9 × 10^18 tokens, realised
        // The cash parked in another symbol, which a tiny sale then marks down: equity is 9,000 tokens again.
        post(goal, trade("buy", "B", "9000", "999999999999999")).statusCode(201);
        post(goal, trade("sell", "B", "0.00000001", "0.00000001")).statusCode(201);
        post(goal, trade("buy", "C", "100000000000", "0.00000001")).statusCode(201);
        Map<String, Object> before = portfolio(goal);
        post(goal, trade("sell", "C", "100000000000", "90000000")).statusCode(400)
                .contentType("application/problem+json").body("code", equalTo("trade_too_large"));
        assertThat(portfolio(goal)).isEqualTo(before);
    }

    @Test
    void aTradeForAnUnknownGoalIs404() {
        post(UUID.randomUUID().toString(), trade("buy", "BTC", "1", "10")).statusCode(404)
                .contentType("application/problem+json").body("code", equalTo("goal_not_found"));
    }
}
