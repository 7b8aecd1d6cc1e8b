package com.platformeconomy.earnings.payout;

import static com.platformeconomy.earnings.Fixtures.key;
import static com.platformeconomy.earnings.Fixtures.newDeveloper;
import static com.platformeconomy.testkit.tokens.Tokens.admin;
import static com.platformeconomy.testkit.tokens.Tokens.developer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.platformeconomy.stack.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Payouts never exceed what was earned, whatever arrives at once; adjustments are the admin's alone. */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class PayoutAndAdjustmentTest {

    /** Booked by an admin who decides no payout here: the approving admin must not be the one who credited (OwnMoneyTest). */
    private static void adjust(String dev, long amount, String note) {
        given().auth().oauth2(admin("admin:books")).contentType(ContentType.JSON).header("Idempotency-Key", key())
                .body("{\"developer_id\":\"" + dev + "\",\"amount\":" + amount + ",\"admin_note\":\"" + note + "\"}")
                .when().post("/v1/admin/adjustments")
                .then().statusCode(201).body("amount", equalTo((int) amount)).body("created_by", equalTo("admin:books"));
    }

    private static Map<String, Object> earnings(String dev) {
        return given().auth().oauth2(developer(dev)).when().get("/v1/developer/earnings")
                .then().statusCode(200).extract().jsonPath().getMap("$");
    }

    private static int requestPayout(String dev, long amount) {
        return given().auth().oauth2(developer(dev)).contentType(ContentType.JSON).header("Idempotency-Key", key())
                .body("{\"amount_tokens\":" + amount + "}")
                .when().post("/v1/developer/payouts").then().extract().statusCode();
    }

    @Test
    void signedAdjustmentsCountInEarningsAndOnlyAnAdminMakesThem() {
        String dev = newDeveloper();
        adjust(dev, 500, "goodwill credit for an outage");
        adjust(dev, -120, "chargeback of a disputed call");
        assertThat(earnings(dev)).isEqualTo(Map.of(
                "total_earnings", 380, "total_platform_share", 0, "pending_payout", 380, "paid_out", 0));

        String body = "{\"developer_id\":\"" + dev + "\",\"amount\":1000000,\"admin_note\":\"mine\"}";
        given().auth().oauth2(developer(dev)).contentType(ContentType.JSON).body(body)
                .when().post("/v1/admin/adjustments").then().statusCode(403).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(body)
                .when().post("/v1/admin/adjustments").then().statusCode(401).contentType("application/problem+json");
        for (String bad : List.of(
                "{\"developer_id\":\"" + dev + "\",\"amount\":100}",
                "{\"developer_id\":\"" + dev + "\",\"amount\":100,\"admin_note\":\"  \"}",
                "{\"developer_id\":\"" + dev + "\",\"amount\":0,\"admin_note\":\"zero\"}",
                "{\"developer_id\":\"" + dev + "\",\"amount\":1.5,\"admin_note\":\"half\"}",
                "{\"developer_id\":\"" + dev + "\",\"amount\":\"100\",\"admin_note\":\"text\"}",
                "{\"developer_id\":\"user:alice\",\"amount\":100,\"admin_note\":\"not a developer\"}",
                "{\"developer_id\":\"" + dev + "\",\"amount\":100,\"admin_note\":\"x\",\"extra\":1}",
                "{\"developer_id\":\"" + dev + "\",\"amount\":99999999999999999999,\"admin_note\":\"huge\"}",
                "{\"developer_id\":\"" + dev + "\"",
                "")) {
            given().auth().oauth2(admin()).contentType(ContentType.JSON).header("Idempotency-Key", key()).body(bad)
                    .when().post("/v1/admin/adjustments")
                    .then().statusCode(400).contentType("application/problem+json");
        }
        assertThat(earnings(dev).get("total_earnings")).isEqualTo(380);
    }

    @Test
    void thePayoutLifeCycleAndItsRefusals() {
        String dev = newDeveloper();
        adjust(dev, 1000, "opening balance for the test");
        long payout = given().auth().oauth2(developer(dev)).contentType(ContentType.JSON).header("Idempotency-Key", key()).body("{\"amount_tokens\":400}")
                .when().post("/v1/developer/payouts").then().statusCode(201)
                .body("developer_id", equalTo(dev)).body("amount_usd", equalTo(0.4f))
                .extract().jsonPath().getLong("payout_id");
        given().auth().oauth2(developer(dev)).when().post("/v1/admin/payouts/" + payout + "/approve")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(admin()).when().post("/v1/admin/payouts/" + payout + "/paid")
                .then().statusCode(409).contentType("application/problem+json").body("detail", containsString("requested"));
        given().auth().oauth2(admin()).when().post("/v1/admin/payouts/" + payout + "/approve").then().statusCode(200);
        given().auth().oauth2(admin()).when().post("/v1/admin/payouts/" + payout + "/reject")
                .then().statusCode(409).body("code", equalTo("invalid_payout_state")).body("detail", containsString("approved"));
        given().auth().oauth2(admin("admin:treasurer")).when().post("/v1/admin/payouts/" + payout + "/paid")
                .then().statusCode(200).body("status", equalTo("paid"));
        given().auth().oauth2(admin()).when().post("/v1/admin/payouts/" + payout + "/paid")
                .then().statusCode(409).body("detail", containsString("paid"));
        given().auth().oauth2(admin()).when().post("/v1/admin/payouts/999999999/approve").then().statusCode(404);
        given().auth().oauth2(admin()).when().post("/v1/admin/payouts/abc/approve").then().statusCode(404);

        long rejected = given().auth().oauth2(developer(dev)).contentType(ContentType.JSON).header("Idempotency-Key", key()).body("{\"amount_tokens\":600}")
                .when().post("/v1/developer/payouts").then().statusCode(201).extract().jsonPath().getLong("payout_id");
        assertThat(requestPayout(dev, 1)).isEqualTo(409);
        given().auth().oauth2(admin()).when().post("/v1/admin/payouts/" + rejected + "/reject").then().statusCode(200);
        // A rejected payout frees its tokens again.
        assertThat(earnings(dev)).isEqualTo(Map.of(
                "total_earnings", 1000, "total_platform_share", 0, "pending_payout", 600, "paid_out", 400));

        for (String bad : List.of("{\"amount_tokens\":0}", "{\"amount_tokens\":-5}", "{\"amount_tokens\":1.5}",
                "{\"amount_tokens\":\"10\"}", "{}", "{\"amount\":10}", "[1]", "nonsense")) {
            given().auth().oauth2(developer(dev)).contentType(ContentType.JSON).header("Idempotency-Key", key()).body(bad)
                    .when().post("/v1/developer/payouts")
                    .then().statusCode(400).contentType("application/problem+json");
        }
        given().auth().oauth2(admin()).contentType(ContentType.JSON).header("Idempotency-Key", key()).body("{\"amount_tokens\":10}")
                .when().post("/v1/developer/payouts").then().statusCode(403);
        assertThat(earnings(dev).get("pending_payout")).isEqualTo(600);
    }

    /**
     * An approval pays out what was requested, so it re-checks what the developer has net: a
     * chargeback booked since the request may have left it uncovered (paid more USD than earned).
     */
    @Test
    void aPayoutAChargebackLeftUncoveredIsNotApproved() {
        String dev = newDeveloper();
        adjust(dev, 1000, "earned");
        long payout = given().auth().oauth2(developer(dev)).contentType(ContentType.JSON).header("Idempotency-Key", key())
                .body("{\"amount_tokens\":1000}")
                .when().post("/v1/developer/payouts").then().statusCode(201).extract().jsonPath().getLong("payout_id");
        adjust(dev, -500, "chargeback of a disputed call");
        given().auth().oauth2(admin()).when().post("/v1/admin/payouts/" + payout + "/approve")
                .then().statusCode(409).contentType("application/problem+json").body("code", equalTo("payout_exceeds_available"));
        assertThat(earnings(dev)).containsEntry("total_earnings", 500).containsEntry("paid_out", 0);
        given().auth().oauth2(admin()).when().post("/v1/admin/payouts/" + payout + "/reject").then().statusCode(200);
        long covered = given().auth().oauth2(developer(dev)).contentType(ContentType.JSON).header("Idempotency-Key", key())
                .body("{\"amount_tokens\":500}")
                .when().post("/v1/developer/payouts").then().statusCode(201).extract().jsonPath().getLong("payout_id");
        given().auth().oauth2(admin()).when().post("/v1/admin/payouts/" + covered + "/approve").then().statusCode(200);
    }

    @Test
    void concurrentRequestsNeverTogetherExceedWhatWasEarned() throws Exception {
        String dev = newDeveloper();
        adjust(dev, 1000, "earned for the concurrency test");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> requests = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                requests.add(() -> requestPayout(dev, 300));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(requests)) {
                statuses.add(f.get());
            }
            assertThat(statuses).filteredOn(s -> s == 201).hasSize(3);
            assertThat(statuses).filteredOn(s -> s == 409).hasSize(13);
        } finally {
            pool.shutdownNow();
        }
        assertThat(requestPayout(dev, 100)).isEqualTo(201);
        assertThat(requestPayout(dev, 1)).isEqualTo(409);
    }
}
