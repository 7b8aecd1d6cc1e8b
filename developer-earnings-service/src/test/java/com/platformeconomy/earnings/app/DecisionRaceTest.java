package com.platformeconomy.earnings.app;

import static com.platformeconomy.earnings.Fixtures.newAppId;
import static com.platformeconomy.earnings.Fixtures.newDeveloper;
import static com.platformeconomy.testkit.tokens.Tokens.admin;
import static com.platformeconomy.testkit.tokens.Tokens.developer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.platformeconomy.stack.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Issue #17's races of two decisions (SPEC §10): an approve and a reject of one payout sent at once
 * must leave exactly one decision, and an app goes live only at the price the admin reviewed.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class DecisionRaceTest {

    @Test
    void ofEightConcurrentApprovesAndRejectsOfOnePayoutExactlyOneWins() throws Exception {
        String dev = newDeveloper();
        // Booked by another admin than the deciding one: an admin does not approve a payout only its own credit covers.
        given().auth().oauth2(admin("admin:books")).contentType(ContentType.JSON).header("Idempotency-Key", "k-" + UUID.randomUUID())
                .body("{\"developer_id\":\"" + dev + "\",\"amount\":1000,\"admin_note\":\"opening balance\"}")
                .when().post("/v1/admin/adjustments").then().statusCode(201);
        long payout = given().auth().oauth2(developer(dev)).contentType(ContentType.JSON).header("Idempotency-Key", "k-" + UUID.randomUUID())
                .body("{\"amount_tokens\":400}")
                .when().post("/v1/developer/payouts").then().statusCode(201).extract().jsonPath().getLong("payout_id");

        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String decision = i % 2 == 0 ? "approve" : "reject";
                Callable<Integer> call = () -> given().auth().oauth2(admin())
                        .when().post("/v1/admin/payouts/" + payout + "/" + decision).then().extract().statusCode();
                answers.add(pool.submit(call));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get());
            }
            assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
            assertThat(statuses).filteredOn(s -> s == 409).hasSize(7);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anAppInReviewCannotBeRepricedAndAnAppEditedWhileSuspendedGoesBackThroughReview() {
        String dev = newDeveloper();
        String app = newAppId();
        given().auth().oauth2(developer(dev)).contentType(ContentType.JSON)
                .body("{\"app_id\":\"" + app + "\",\"name\":\"Race\",\"pricing_model\":\"paid\",\"base_price\":5}")
                .when().post("/v1/developer/apps").then().statusCode(201);
        given().auth().oauth2(developer(dev)).when().post("/v1/developer/apps/" + app + "/submit").then().statusCode(200);

        // In review: the price the admin is looking at cannot change under them.
        given().auth().oauth2(developer(dev)).contentType(ContentType.JSON).body("{\"base_price\":500}")
                .when().patch("/v1/developer/apps/" + app)
                .then().statusCode(409).contentType("application/problem+json").body("code", equalTo("invalid_app_state"));
        given().auth().oauth2(admin()).when().post("/v1/admin/apps/" + app + "/approve")
                .then().statusCode(200).body("base_price", equalTo(5)).body("status", equalTo("active"));

        // Paused, repriced: it cannot be re-approved straight from suspended, only after a new review.
        given().auth().oauth2(developer(dev)).when().post("/v1/developer/apps/" + app + "/pause").then().statusCode(200);
        given().auth().oauth2(developer(dev)).contentType(ContentType.JSON).body("{\"base_price\":500}")
                .when().patch("/v1/developer/apps/" + app).then().statusCode(200);
        given().auth().oauth2(admin()).when().post("/v1/admin/apps/" + app + "/approve")
                .then().statusCode(409).body("code", equalTo("review_required"));
        given().auth().oauth2(developer(dev)).when().post("/v1/developer/apps/" + app + "/submit").then().statusCode(200);
        given().auth().oauth2(admin()).when().post("/v1/admin/apps/" + app + "/approve")
                .then().statusCode(200).body("base_price", equalTo(500)).body("status", equalTo("active"));

        // Paused and not edited: the admin may make it active again as it was.
        given().auth().oauth2(developer(dev)).when().post("/v1/developer/apps/" + app + "/pause").then().statusCode(200);
        given().auth().oauth2(admin()).when().post("/v1/admin/apps/" + app + "/approve").then().statusCode(200);
    }
}
