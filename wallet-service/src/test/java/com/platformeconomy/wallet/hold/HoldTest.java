package com.platformeconomy.wallet.hold;

import static com.platformeconomy.wallet.WalletApi.PRIVILEGED;
import static com.platformeconomy.wallet.WalletApi.available;
import static com.platformeconomy.wallet.WalletApi.balance;
import static com.platformeconomy.wallet.WalletApi.credit;
import static com.platformeconomy.wallet.WalletApi.newUser;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.platformeconomy.stack.LocalStackResource;
import com.platformeconomy.stack.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import com.platformeconomy.wallet.redis.Keys;
import io.quarkus.redis.client.RedisClientName;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import jakarta.inject.Inject;

@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class HoldTest {

    /** The stack's admin user: the test ages a hold in Redis as the service itself may not. */
    @Inject
    Keys keys;

    @Inject
    com.platformeconomy.wallet.config.WalletConfig wallet;

    @Inject
    @RedisClientName("admin")
    Redis redis;

    private static ValidatableResponse reserve(String account, String holdId, long amount, long ttl, String payee) {
        // The holder reserves (its consent): the admins of these tests then capture it.
        return given().auth().oauth2(TestTokens.mint(account, "user")).contentType(ContentType.JSON)
                .body("{\"hold_id\":\"" + holdId + "\",\"amount\":" + amount + ",\"purpose\":\"compute borrowing\","
                        + "\"ttl_seconds\":" + ttl + ",\"payee\":\"" + payee + "\"}")
                .when().post("/v1/wallets/" + account + "/holds").then();
    }

    /** As {@link #reserve}, by an admin ("admin:reserver") on the holder's wallet, 600 s: the response, unchecked. */
    private static ValidatableResponse reserveAsAdmin(String account, String holdId, long amount, String payee) {
        return given().auth().oauth2(TestTokens.mint("admin:reserver", "admin")).contentType(ContentType.JSON)
                .body("{\"hold_id\":\"" + holdId + "\",\"amount\":" + amount + ",\"purpose\":\"compute borrowing\","
                        + "\"ttl_seconds\":600,\"payee\":\"" + payee + "\"}")
                .when().post("/v1/wallets/" + account + "/holds").then();
    }

    private static String newHold() {
        return "hold-" + UUID.randomUUID();
    }

    @Test
    void aHoldStopsBeingAvailableAndACaptureMovesPartOfItToThePayee() {
        String user = newUser();
        String node = "node-op:" + UUID.randomUUID().toString().substring(0, 8);
        credit(user, 100).statusCode(201);
        String hold = newHold();
        reserve(user, hold, 60, 600, node).statusCode(201).body("state", equalTo("active"));
        assertThat(available(user)).isEqualTo(40);
        reserve(user, newHold(), 41, 600, node).statusCode(402);

        given().auth().oauth2(PRIVILEGED).contentType(ContentType.JSON).body("{\"amount\":61}")
                .when().post("/v1/holds/" + hold + "/capture").then().statusCode(400).body("code", equalTo("capture_exceeds_hold"));
        given().auth().oauth2(PRIVILEGED).contentType(ContentType.JSON).body("{\"amount\":45}")
                .when().post("/v1/holds/" + hold + "/capture").then().statusCode(200).body("state", equalTo("captured"));
        given().auth().oauth2(PRIVILEGED).contentType(ContentType.JSON).body("{\"amount\":45}")
                .when().post("/v1/holds/" + hold + "/capture").then().statusCode(200).body("captured_amount", equalTo(45));
        given().auth().oauth2(PRIVILEGED).contentType(ContentType.JSON).body("{}")
                .when().post("/v1/holds/" + hold + "/release").then().statusCode(409).body("code", equalTo("hold_not_active"));

        assertThat(balance(user)).isEqualTo(55);
        assertThat(available(user)).isEqualTo(55);
        assertThat(balance(node)).isEqualTo(45);
    }

    @Test
    void aReleaseFreesTheHoldAndMovesNothing() {
        String user = newUser();
        credit(user, 100).statusCode(201);
        String hold = newHold();
        reserve(user, hold, 70, 600, "platform:revenue").statusCode(201);
        reserve(user, hold, 70, 600, "platform:revenue").statusCode(201).body("state", equalTo("active"));
        reserve(user, hold, 71, 600, "platform:revenue").statusCode(409).body("code", equalTo("hold_id_reused"));
        // Anyone else learns nothing of it: the answer to an unknown id, naming no account.
        given().auth().oauth2(TestTokens.mint(newUser(), "user")).contentType(ContentType.JSON).body("{}")
                .when().post("/v1/holds/" + hold + "/release").then().statusCode(404).body("code", equalTo("unknown_hold"))
                .body("detail", org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString(user)));
        given().auth().oauth2(TestTokens.mint(user, "user")).contentType(ContentType.JSON).body("{}")
                .when().post("/v1/holds/" + hold + "/release").then().statusCode(200).body("state", equalTo("released"));
        assertThat(balance(user)).isEqualTo(100);
        assertThat(available(user)).isEqualTo(100);
    }

    /**
     * A hold an admin reserved on a user's wallet (for a payee) is the payee's promise: the holder
     * does not take it back by releasing it and then spending the tokens before a second admin
     * captures. An admin releases it, or it expires. A hold the holder reserved itself it releases.
     */
    @Test
    void aHoldAnAdminReservedIsNotReleasedByTheHolder() {
        String user = newUser();
        credit(user, 100).statusCode(201);
        String hold = newHold();
        reserveAsAdmin(user, hold, 70, "node-op:n-" + UUID.randomUUID()).statusCode(201);
        given().auth().oauth2(TestTokens.mint(user, "user")).contentType(ContentType.JSON).body("{}")
                .when().post("/v1/holds/" + hold + "/release")
                .then().statusCode(403).contentType("application/problem+json").body("code", equalTo("forbidden"));
        assertThat(available(user)).isEqualTo(30);
        given().auth().oauth2(TestTokens.mint("admin:other", "admin")).contentType(ContentType.JSON).body("{}")
                .when().post("/v1/holds/" + hold + "/release").then().statusCode(200).body("state", equalTo("released"));
        assertThat(available(user)).isEqualTo(100);

        // The holder cannot take an admin's hold id first: the admin's reserve is no replay of the holder's.
        String taken = newHold();
        String payee = "node-op:n-" + UUID.randomUUID();
        reserve(user, taken, 50, 600, payee).statusCode(201);
        reserveAsAdmin(user, taken, 50, payee).statusCode(409).body("code", equalTo("hold_id_reused"));
        given().auth().oauth2(TestTokens.mint(user, "user")).contentType(ContentType.JSON).body("{}")
                .when().post("/v1/holds/" + taken + "/release").then().statusCode(200);

        // Nor by a refused reservation under it: the holder, short of tokens on purpose, is refused under the
        // admin's id and parameters; the admin's reservation is then no replay of that refusal (it is not 402).
        String refusedFirst = newHold();
        String payee2 = "node-op:n-" + UUID.randomUUID();
        reserve(user, refusedFirst, 500, 600, payee2).statusCode(402);
        reserveAsAdmin(user, refusedFirst, 500, payee2).statusCode(409).body("code", equalTo("hold_id_reused"));

        String own = newHold();
        reserve(user, own, 40, 600, "platform:revenue").statusCode(201);
        given().auth().oauth2(TestTokens.mint(user, "user")).contentType(ContentType.JSON).body("{}")
                .when().post("/v1/holds/" + own + "/release").then().statusCode(200).body("state", equalTo("released"));
        assertThat(balance(user)).isEqualTo(100);
    }

    @Test
    void anExpiredHoldReleasesItself() {
        String user = newUser();
        credit(user, 100).statusCode(201);
        reserve(user, newHold(), 30, 1, "platform:revenue").statusCode(201);
        assertThat(available(user)).isEqualTo(70);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> available(user) == 100);
        assertThat(balance(user)).isEqualTo(100);
    }

    /**
     * A due hold the sweep cannot release is counted and tried again, and never keeps the holds
     * behind it reserved: here one whose time the script cannot read (made unreadable by hand, as a
     * damaged record would be), first in its bucket's expiry index.
     */
    @Test
    void aHoldThatCannotBeReleasedIsCountedAndTheOthersStillExpire() {
        String user = newUser();
        credit(user, 100).statusCode(201);
        String broken = newHold();
        String due = newHold();
        reserve(user, broken, 30, 600, "platform:revenue").statusCode(201);
        reserve(user, due, 20, 600, "platform:revenue").statusCode(201);
        double failedBefore = expiriesFailed("failed");
        Keys.Bucket bucket = keys.of(user);
        long past = System.currentTimeMillis() - 1_000;
        send(Request.cmd(Command.HSET).arg(bucket.hold(broken)).arg("expires_at").arg("unreadable"));
        send(Request.cmd(Command.ZADD).arg(bucket.holdExpiry()).arg("XX").arg(past - 1).arg(broken));
        send(Request.cmd(Command.HSET).arg(bucket.hold(due)).arg("expires_at").arg(past));
        send(Request.cmd(Command.ZADD).arg(bucket.holdExpiry()).arg("XX").arg(past).arg(due));

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> available(user) == 70);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> expiriesFailed("failed") > failedBefore);
        assertThat(available(user)).as("the broken hold is still held").isEqualTo(70);
        assertThat(balance(user)).isEqualTo(100);

        // Once its record reads again, the next try (10 s after the failure) releases it.
        send(Request.cmd(Command.HSET).arg(bucket.hold(broken)).arg("expires_at").arg(past));
        Awaitility.await().atMost(Duration.ofSeconds(25)).until(() -> available(user) == 100);
        assertThat(balance(user)).isEqualTo(100);
    }

    private void send(Request request) {
        redis.send(request).await().atMost(Duration.ofSeconds(10));
    }

    /** {@code wallet_holds_expiries_failed_total} for {@code reason}, 0 before the first. */
    private static double expiriesFailed(String reason) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        java.util.regex.Matcher line = java.util.regex.Pattern.compile(
                "(?m)^wallet_holds_expiries_failed_total\\{[^}]*reason=\"" + reason + "\"[^}]*\\} (\\S+)$").matcher(metrics);
        return line.find() ? Double.parseDouble(line.group(1)) : 0;
    }

    /**
     * A hold releases itself when its time comes (SPEC §3), whether or not the sweep has reached it
     * yet: a capture that arrives after that ends it as expired and moves nothing.
     */
    @Test
    void aCaptureAfterTheHoldsTimeIsRefusedAndReleasesIt() {
        String user = newUser();
        String node = "node-op:" + UUID.randomUUID().toString().substring(0, 8);
        credit(user, 100).statusCode(201);
        String hold = newHold();
        reserve(user, hold, 60, 600, node).statusCode(201);
        // Its time passed a second ago, and the sweep has not reached it (a backlog of due holds).
        redis.send(Request.cmd(Command.ZREM).arg(keys.bucket(0).holdExpiry()).arg(hold)).await().indefinitely();
        redis.send(Request.cmd(Command.HSET).arg(keys.bucket(0).hold(hold)).arg("expires_at").arg(System.currentTimeMillis() - 1_000))
                .await().indefinitely();

        given().auth().oauth2(PRIVILEGED).contentType(ContentType.JSON).body("{\"amount\":45}")
                .when().post("/v1/holds/" + hold + "/capture").then().statusCode(409).body("code", equalTo("hold_not_active"));
        given().auth().oauth2(PRIVILEGED).contentType(ContentType.JSON).body("{\"amount\":45}")
                .when().post("/v1/holds/" + hold + "/capture").then().statusCode(409).body("code", equalTo("hold_not_active"));
        assertThat(balance(node)).isZero();
        assertThat(balance(user)).isEqualTo(100);
        assertThat(available(user)).isEqualTo(100);
    }

    /**
     * The held tokens are part of the balance; should the balance stand below them (a rebuild from a
     * ledger behind Redis, an operator's hand), a capture must not take it below zero: that would
     * create the payee's tokens out of nothing.
     */
    @Test
    void aCaptureNeverTakesABalanceBelowZero() {
        String user = newUser();
        String node = "node-op:" + UUID.randomUUID().toString().substring(0, 8);
        credit(user, 100).statusCode(201);
        String hold = newHold();
        reserve(user, hold, 100, 600, node).statusCode(201);
        redis.send(Request.cmd(Command.HSET).arg(keys.bucket(0).wallet(user)).arg("balance").arg(40)).await().indefinitely();

        given().auth().oauth2(PRIVILEGED).contentType(ContentType.JSON).body("{\"amount\":100}")
                .when().post("/v1/holds/" + hold + "/capture").then().statusCode(402)
                .contentType("application/problem+json").body("code", equalTo("insufficient_balance"));
        assertThat(balance(node)).isZero();
        assertThat(balance(user)).isEqualTo(40);
        // A release or an expiry always ends a hold, whatever the balance (here: below zero): it moves nothing.
        String other = newHold();
        redis.send(Request.cmd(Command.HSET).arg(keys.bucket(0).wallet(user)).arg("balance").arg(1_000)).await().indefinitely();
        reserve(user, other, 10, 600, node).statusCode(201);
        redis.send(Request.cmd(Command.HSET).arg(keys.bucket(0).wallet(user)).arg("balance").arg(-5)).await().indefinitely();
        given().auth().oauth2(PRIVILEGED).contentType(ContentType.JSON).body("{}").when().post("/v1/holds/" + other + "/release").then().statusCode(200)
                .body("state", equalTo("released"));
        redis.send(Request.cmd(Command.HSET).arg(keys.bucket(0).wallet(user)).arg("balance").arg(40)).await().indefinitely();
        // What the balance still covers may be captured.
        given().auth().oauth2(PRIVILEGED).contentType(ContentType.JSON).body("{\"amount\":40}")
                .when().post("/v1/holds/" + hold + "/capture").then().statusCode(200);
        assertThat(balance(node)).isEqualTo(40);
        assertThat(balance(user)).isZero();
        // The ledger holds 100 − 40 for the user: the hand-made drift is undone for the tests that reconcile after this one.
        redis.send(Request.cmd(Command.HSET).arg(keys.bucket(0).wallet(user)).arg("balance").arg(60)).await().indefinitely();
    }

    @Test
    void statsCountActiveHolds() {
        long before = given().auth().oauth2(PRIVILEGED).when().get("/v1/holds/stats").then().statusCode(200)
                .extract().jsonPath().getLong("total_spark_escrowed");
        String user = newUser();
        credit(user, 100).statusCode(201);
        String hold = newHold();
        reserve(user, hold, 25, 600, "platform:revenue").statusCode(201);
        long during = given().auth().oauth2(PRIVILEGED).when().get("/v1/holds/stats").then().statusCode(200)
                .extract().jsonPath().getLong("total_spark_escrowed");
        assertThat(during - before).isEqualTo(25);
        given().auth().oauth2(PRIVILEGED).contentType(ContentType.JSON).body("{}")
                .when().post("/v1/holds/" + hold + "/release").then().statusCode(200);
    }

    /**
     * Each active hold costs Redis memory for as long as it lives (up to 30 days) and one token
     * reserves one: an account with tokens could fill its Redis master (noeviction: every movement
     * there stops). It may have at most wallet.max-active-holds-per-account; past it a reservation
     * is refused 429 and reserves nothing; like a 402, the refusal is the id's outcome (a hold made
     * by a retry would outlive its id's claim, cut back with the refusal), and a new id passes once
     * one of the account's holds has ended.
     */
    @Test
    void anAccountHasNoMoreActiveHoldsThanItMayHave() {
        int most = wallet.maxActiveHoldsPerAccount();
        String user = newUser();
        credit(user, most + 100L).statusCode(201);
        java.util.List<String> held = new java.util.ArrayList<>();
        for (int i = 0; i < most; i++) {
            String hold = newHold();
            reserve(user, hold, 1, 600, "platform:revenue").statusCode(201);
            held.add(hold);
        }
        String past = newHold();
        reserve(user, past, 1, 600, "platform:revenue").statusCode(429).contentType("application/problem+json")
                .body("code", equalTo("hold_limit"));
        assertThat(available(user)).isEqualTo(100);

        given().auth().oauth2(TestTokens.mint(user, "user")).contentType(ContentType.JSON).body("{}")
                .when().post("/v1/holds/" + held.remove(0) + "/release").then().statusCode(200);
        reserve(user, past, 1, 600, "platform:revenue").statusCode(429).body("code", equalTo("hold_limit"));
        String next = newHold();
        reserve(user, next, 1, 600, "platform:revenue").statusCode(201).body("state", equalTo("active"));
        reserve(user, newHold(), 1, 600, "platform:revenue").statusCode(429).body("code", equalTo("hold_limit"));
        held.add(next);
        for (String hold : held) {
            given().auth().oauth2(PRIVILEGED).contentType(ContentType.JSON).body("{}")
                    .when().post("/v1/holds/" + hold + "/release").then().statusCode(200);
        }
        assertThat(available(user)).isEqualTo(most + 100L);
        reserve(user, newHold(), 1, 600, "platform:revenue").statusCode(201);
    }

    @Test
    void badHoldsAreRefused() {
        String user = newUser();
        credit(user, 100).statusCode(201);
        reserve(user, newHold(), 0, 600, "platform:revenue").statusCode(400);
        reserve(user, newHold(), 10, 0, "platform:revenue").statusCode(400);
        reserve(user, newHold(), 10, 600, user).statusCode(400).body("code", equalTo("payee_is_holder"));
        reserve(user, newHold(), 10, 600, "bank:x").statusCode(400).body("code", equalTo("unknown_account"));
        given().auth().oauth2(PRIVILEGED).contentType(ContentType.JSON).body("{\"amount\":5}")
                .when().post("/v1/holds/no-such-hold/capture").then().statusCode(404);
        assertThat(available(user)).isEqualTo(100);
    }
}
