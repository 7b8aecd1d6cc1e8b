package com.platformeconomy.earnings.payout;

import static com.platformeconomy.earnings.Fixtures.key;
import static com.platformeconomy.earnings.Fixtures.newDeveloper;
import static com.platformeconomy.testkit.tokens.Tokens.admin;
import static com.platformeconomy.testkit.tokens.Tokens.developer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.platformeconomy.stack.LocalStackResource;
import com.platformeconomy.stack.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Idempotency-Key on adjustments and payout requests (SPEC §10): the same key and body answer the
 * first response and book once; the key with another body is 409 naming what differs; concurrent
 * requests with one key book once; no key, or a malformed one, is 400 and books nothing.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class PayoutAndAdjustmentIdempotencyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Pool pool;

    private static String adjustmentBody(String dev, long amount, String note) {
        try {
            return JSON.writeValueAsString(Map.of("developer_id", dev, "amount", amount, "admin_note", note));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Response adjust(String adminToken, String idempotencyKey, String body) {
        var request = given().auth().oauth2(adminToken).contentType(ContentType.JSON).body(body);
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return request.when().post("/v1/admin/adjustments");
    }

    private static Response payout(String dev, String idempotencyKey, long amount) {
        var request = given().auth().oauth2(developer(dev)).contentType(ContentType.JSON).body("{\"amount_tokens\":" + amount + "}");
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return request.when().post("/v1/developer/payouts");
    }

    private long count(String sql, String dev) {
        return pool.preparedQuery(sql).execute(Tuple.of(dev)).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getLong(0);
    }

    private long adjustments(String dev) {
        return count("SELECT count(*) FROM earnings_adjustments WHERE developer_id = $1", dev);
    }

    private long payouts(String dev) {
        return count("SELECT count(*) FROM developer_payouts WHERE developer_id = $1", dev);
    }

    private static long earned(String dev) {
        return given().auth().oauth2(developer(dev)).when().get("/v1/developer/earnings")
                .then().statusCode(200).extract().jsonPath().getLong("total_earnings");
    }

    @Test
    void anAdjustmentSentTwiceWithOneKeyIsBookedOnceAndAnsweredTheSame() {
        String dev = newDeveloper();
        String k = key();
        // A note with a newline, a quote and non-ASCII text: the fingerprint takes any character.
        String body = adjustmentBody(dev, 500, "chargeback \"#42\"\nrefund — 返金 ✓");
        Response first = adjust(admin(), k, body);
        first.then().statusCode(201).body("amount", equalTo(500));
        Response second = adjust(admin(), k, body);
        second.then().statusCode(201).header("Idempotent-Replayed", "true");
        assertThat(second.asString()).isEqualTo(first.asString());
        // The same request written with other spacing and field order is the same request.
        adjust(admin(), k, "{ \"admin_note\" : \"chargeback \\\"#42\\\"\\nrefund — 返金 ✓\", \"amount\": 500, \"developer_id\": \"" + dev + "\" }")
                .then().statusCode(201).header("Idempotent-Replayed", "true");
        assertThat(adjustments(dev)).isEqualTo(1);
        assertThat(earned(dev)).isEqualTo(500);
    }

    @Test
    void theSameKeyWithAnotherAdjustmentIs409NamingWhatDiffers() {
        String dev = newDeveloper();
        String k = key();
        adjust(admin(), k, adjustmentBody(dev, 500, "goodwill")).then().statusCode(201);
        adjust(admin(), k, adjustmentBody(dev, 5000, "goodwill\n")).then().statusCode(409)
                .contentType("application/problem+json")
                .body("code", equalTo("idempotency_key_reused"))
                .body("detail", containsString("amount"))
                .body("errors.field", hasItem("amount"))
                .body("errors.field", hasItem("admin_note"));
        String other = newDeveloper();
        adjust(admin(), k, adjustmentBody(other, 500, "goodwill")).then().statusCode(409)
                .body("errors.field", equalTo(List.of("developer_id")));
        assertThat(adjustments(dev)).isEqualTo(1);
        assertThat(adjustments(other)).isZero();
        assertThat(earned(dev)).isEqualTo(500);
    }

    @Test
    void keysArePerCaller() {
        String dev = newDeveloper();
        String k = key();
        String body = adjustmentBody(dev, 100, "per caller");
        adjust(admin(), k, body).then().statusCode(201);
        adjust(TestTokens.mint("admin:other", "admin"), k, body).then().statusCode(201).header("Idempotent-Replayed", org.hamcrest.Matchers.nullValue());
        assertThat(adjustments(dev)).isEqualTo(2);
    }

    @Test
    void concurrentAdjustmentsWithOneKeyAreBookedOnce() throws Exception {
        String dev = newDeveloper();
        String k = key();
        String body = adjustmentBody(dev, 700, "sent by a client that retries eagerly");
        List<Response> answers = concurrently(8, () -> adjust(admin(), k, body));
        assertThat(answers).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(201));
        assertThat(answers).extracting(Response::asString).containsOnly(answers.get(0).asString());
        assertThat(adjustments(dev)).isEqualTo(1);
        assertThat(earned(dev)).isEqualTo(700);
    }

    @Test
    void anAdjustmentWithoutAValidKeyIs400AndBooksNothing() {
        String dev = newDeveloper();
        String body = adjustmentBody(dev, 100, "no key");
        adjust(admin(), null, body).then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("idempotency_key_required"));
        for (String bad : List.of(" ", "has space", "pes/topup/1", "-starts-with-dash", "x".repeat(129), "ключ")) {
            adjust(admin(), bad, body).then().statusCode(400).contentType("application/problem+json")
                    .body("code", equalTo(bad.isBlank() ? "idempotency_key_required" : "invalid_idempotency_key"));
        }
        assertThat(adjustments(dev)).isZero();
    }

    @Test
    void aPayoutRequestSentTwiceWithOneKeyIsOnePayout() {
        String dev = newDeveloper();
        adjust(admin(), key(), adjustmentBody(dev, 1000, "earned")).then().statusCode(201);
        String k = key();
        Response first = payout(dev, k, 400);
        long id = first.then().statusCode(201).extract().jsonPath().getLong("payout_id");
        Response second = payout(dev, k, 400);
        second.then().statusCode(201).header("Idempotent-Replayed", "true").body("payout_id", equalTo((int) id));
        assertThat(second.asString()).isEqualTo(first.asString());
        assertThat(payouts(dev)).isEqualTo(1);

        payout(dev, k, 401).then().statusCode(409).body("code", equalTo("idempotency_key_reused"))
                .body("errors.field", equalTo(List.of("amount_tokens")));
        assertThat(payouts(dev)).isEqualTo(1);
    }

    @Test
    void concurrentPayoutRequestsWithOneKeyAreOnePayout() throws Exception {
        String dev = newDeveloper();
        adjust(admin(), key(), adjustmentBody(dev, 1000, "earned")).then().statusCode(201);
        String k = key();
        List<Response> answers = concurrently(8, () -> payout(dev, k, 300));
        assertThat(answers).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(201));
        assertThat(answers).extracting(r -> r.jsonPath().getLong("payout_id")).containsOnly(answers.get(0).jsonPath().getLong("payout_id"));
        assertThat(payouts(dev)).isEqualTo(1);
    }

    @Test
    void aRefusedPayoutIsTheKeysOutcomeAndAPayoutWithoutAValidKeyIs400() {
        String dev = newDeveloper();
        adjust(admin(), key(), adjustmentBody(dev, 100, "earned")).then().statusCode(201);
        String k = key();
        String refused = payout(dev, k, 500).then().statusCode(409).body("code", equalTo("payout_exceeds_available"))
                .extract().asString();
        adjust(admin(), key(), adjustmentBody(dev, 1000, "more earned")).then().statusCode(201);
        // The first outcome is the outcome: the retry is answered the refusal, not a payout.
        payout(dev, k, 500).then().statusCode(409).header("Idempotent-Replayed", "true").body(equalTo(refused));

        payout(dev, null, 10).then().statusCode(400).body("code", equalTo("idempotency_key_required"));
        payout(dev, "bad key", 10).then().statusCode(400).body("code", equalTo("invalid_idempotency_key"));
        assertThat(payouts(dev)).isZero();
        payout(dev, key(), 500).then().statusCode(201);
        assertThat(payouts(dev)).isEqualTo(1);
    }

    static <T> List<T> concurrently(int n, Callable<T> call) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(n);
        try {
            List<Callable<T>> calls = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                calls.add(call);
            }
            List<T> out = new ArrayList<>();
            for (Future<T> f : threads.invokeAll(calls)) {
                out.add(f.get());
            }
            return out;
        } finally {
            threads.shutdownNow();
        }
    }
}
