package com.platformeconomy.wallet.idempotency;

import static com.platformeconomy.wallet.WalletApi.balance;
import static com.platformeconomy.wallet.WalletApi.credit;
import static com.platformeconomy.wallet.WalletApi.newUser;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.platformeconomy.contracts.event.EventIds;
import com.platformeconomy.stack.LocalStackResource;
import com.platformeconomy.stack.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The idempotency window, shrunk to 10 seconds (room for a slow machine between the first request and its replay): a replay inside it answers the first outcome, a
 * replay after it is refused (409 event_too_old) and never applied, whatever the caller says the
 * time is. For UUIDv7 ids the window runs from the id's time, for others from the suite's first
 * sight; hold ids follow the same rule.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
@TestProfile(IdempotencyWindowTest.ShortWindow.class)
class IdempotencyWindowTest {

    @jakarta.inject.Inject
    com.platformeconomy.wallet.redis.Keys keys;

    /** The stack's admin user: the test reads a record's time to live, as the service itself may not. */
    @jakarta.inject.Inject
    @io.quarkus.redis.client.RedisClientName("admin")
    io.vertx.mutiny.redis.client.Redis redis;

    public static class ShortWindow implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("wallet.idempotency-window", "PT10S", "wallet.clock-skew", "PT0.5S",
                    "wallet.replica-clock-margin", "PT2S");
        }
    }

    /** Past the window and past its records' life (the window plus late-after: a third of it, 3.33 s here). */
    private static void afterTheWindow() throws InterruptedException {
        Thread.sleep(13_900);
    }

    /**
     * An admin's credit waits in PostgreSQL between the window's admission and Redis (four eyes: the
     * admin's lock). That wait counts towards the movement's deadline (late-after, 3.33 s here), taken
     * before the admission: else a replay admitted at the window's end could reach Redis after the id's
     * record expired, and move the tokens again. Refused (503), it moved nothing; the same request again
     * is admitted anew and credited once.
     */
    @Test
    void aCreditHeldUpPastLateAfterBetweenAdmissionAndRedisIsRefusedNotApplied() throws Exception {
        String subject = "admin:" + UUID.randomUUID();
        String admin = TestTokens.mint(subject, "admin");
        String user = newUser();
        // An id without a time: accepted 9.5 s from its first sight here, room for the retry after the 4 s wait.
        String body = "{\"event_id\":\"legacy-" + UUID.randomUUID() + "\",\"amount\":5,\"reason\":\"x\"}";
        java.util.concurrent.CountDownLatch locked = new java.util.concurrent.CountDownLatch(1);
        // Another session holds this admin's lock for 4 s.
        pool.withTransaction(c -> c.preparedQuery(com.platformeconomy.wallet.balance.AdminCredits.LOCK_ADMIN)
                        .execute(io.vertx.mutiny.sqlclient.Tuple.of(subject))
                        .invoke(locked::countDown)
                        .chain(() -> io.smallrye.mutiny.Uni.createFrom().voidItem().onItem().delayIt().by(java.time.Duration.ofMillis(4_000))))
                .subscribe().with(done -> { }, failed -> { });
        assertThat(locked.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        given().auth().oauth2(admin).contentType(ContentType.JSON).body(body).when().post("/v1/wallets/" + user + "/credits")
                .then().statusCode(503);
        assertThat(balance(user)).isZero();
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(body).when().post("/v1/wallets/" + user + "/credits")
                .then().statusCode(201).body("balance", equalTo(5));
        assertThat(balance(user)).isEqualTo(5);
    }

    @Test
    void anIdWithoutTimeIsRefusedAWindowAfterItsFirstSightWhateverOccurredAtSays() throws Exception {
        String user = newUser();
        String id = "legacy-" + UUID.randomUUID();
        String body = "{\"event_id\":\"" + id + "\",\"amount\":5,\"reason\":\"x\",\"occurred_at\":\"%s\"}";
        String admin = com.platformeconomy.wallet.WalletApi.newAdmin();
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(body.formatted(Instant.now())).when().post("/v1/wallets/" + user + "/credits").then().statusCode(201);
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(body.formatted(Instant.now())).when().post("/v1/wallets/" + user + "/credits").then().statusCode(200);
        afterTheWindow();
        // Redis has forgotten the id; a fresh occurred_at does not reopen the window: another
        // request under the id is refused, and the same one is answered from the ledger, not applied.
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(body.formatted(Instant.now()).replace("\"amount\":5", "\"amount\":6"))
                .when().post("/v1/wallets/" + user + "/credits")
                .then().statusCode(409).body("code", equalTo("event_too_old"));
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(body.formatted(Instant.now())).when().post("/v1/wallets/" + user + "/credits")
                .then().statusCode(200).body("balance", equalTo(5));
        assertThat(balance(user)).isEqualTo(5);
    }

    @Test
    void aUuidV7IsRefusedAWindowAfterItsOwnTime() throws Exception {
        String user = newUser();
        String id = EventIds.uuidV7();
        credit(user, id, 7).statusCode(201);
        afterTheWindow();
        credit(user, id, 8).statusCode(409).body("code", equalTo("event_too_old"));
        assertThat(balance(user)).isEqualTo(7);
    }

    /**
     * A replica whose clock is behind the one that applied a UUIDv7 (its record's TTL counted from
     * there) must stop accepting the id before that record expires: acceptance ends the replicas'
     * clock margin (2 s here) early. An id 1 s inside the window without that margin is refused.
     */
    /**
     * A replay accepted at the last moment (its id's time + window − skew − margin) may run as late as
     * late-after (a third of the window here, 3.33 s) after it was sent; the id's time may lie a skew
     * after its first application. The record must outlive that moment, or the replay moves the
     * tokens a second time (before: it lived the window from the first application, 10 s).
     */
    @Test
    void aRecordOutlivesTheLastMomentAReplayOfItsIdCanRun() {
        String user = newUser();
        Instant time = Instant.now().plusMillis(400); // within the skew (0.5 s)
        String id = EventIds.uuidV7(time).toString();
        credit(user, id, 5).statusCode(201);
        long lastRun = time.toEpochMilli() + 10_000 - 500 - 2_000 + 3_333; // + window − skew − margin + late-after
        long ttl = redis.send(io.vertx.mutiny.redis.client.Request.cmd(io.vertx.mutiny.redis.client.Command.PTTL)
                .arg(keys.of(user).event(id))).await().atMost(java.time.Duration.ofSeconds(10)).toLong();
        assertThat(System.currentTimeMillis() + ttl).as("when the record expires").isGreaterThan(lastRun);
    }

    @Test
    void aUuidV7IsRefusedTheReplicasClockMarginBeforeItsRecordCouldExpire() {
        String user = newUser();
        Instant edge = Instant.now().minusSeconds(10).plusMillis(500); // window − skew ago
        credit(user, EventIds.uuidV7(edge.plusSeconds(1)).toString(), 3)
                .statusCode(409).body("code", equalTo("event_too_old"));
        credit(user, EventIds.uuidV7(edge.plusSeconds(4)).toString(), 4).statusCode(201);
        assertThat(balance(user)).isEqualTo(4);
    }

    @Test
    void aHoldIdCannotBeReusedAfterItsHoldEndedAndItsRecordExpired() throws Exception {
        String user = newUser();
        credit(user, 100).statusCode(201);
        String token = TestTokens.mint(user, "user");
        String hold = "h-" + UUID.randomUUID();
        String body = "{\"hold_id\":\"" + hold + "\",\"amount\":30,\"purpose\":\"escrow\",\"ttl_seconds\":60}";
        given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post("/v1/wallets/" + user + "/holds").then().statusCode(201);
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{}")
                .when().post("/v1/holds/" + hold + "/release").then().statusCode(200);
        afterTheWindow();
        given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post("/v1/wallets/" + user + "/holds").then().statusCode(409).body("code", equalTo("event_too_old"));
        assertThat(given().auth().oauth2(token).when().get("/v1/wallets/" + user).then().statusCode(200)
                .extract().jsonPath().getLong("held")).isZero();
    }

    @jakarta.inject.Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    @Test
    void aLateReplayOfABookedMovementIsAnsweredFromTheLedgerAndAnotherOneStaysRefused() throws Exception {
        // A tier fee debited once, retried by its buyer after the window (SPEC §10: never refused
        // although it went through, never applied twice).
        String user = newUser();
        credit(user, 100).statusCode(201);
        String id = EventIds.uuidV7();
        String body = "{\"event_id\":\"" + id + "\",\"amount\":%d,\"category\":\"tier_fee\",\"reason\":\"tier\"}";
        given().auth().oauth2(com.platformeconomy.wallet.WalletApi.PRIVILEGED).contentType(ContentType.JSON).body(body.formatted(30))
                .when().post("/v1/wallets/" + user + "/debits").then().statusCode(201).body("balance", equalTo(70));
        credit(user, 5).statusCode(201);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> pool
                .preparedQuery("SELECT count(*) FROM token_ledger WHERE event_id = $1").execute(io.vertx.mutiny.sqlclient.Tuple.of(id))
                .await().indefinitely().iterator().next().getLong(0) == 2);
        afterTheWindow();
        given().auth().oauth2(com.platformeconomy.wallet.WalletApi.PRIVILEGED).contentType(ContentType.JSON).body(body.formatted(30))
                .when().post("/v1/wallets/" + user + "/debits").then().statusCode(200).body("balance", equalTo(70));
        given().auth().oauth2(com.platformeconomy.wallet.WalletApi.PRIVILEGED).contentType(ContentType.JSON).body(body.formatted(31))
                .when().post("/v1/wallets/" + user + "/debits").then().statusCode(409).body("code", equalTo("event_too_old"));
        assertThat(balance(user)).isEqualTo(75);
    }
}
