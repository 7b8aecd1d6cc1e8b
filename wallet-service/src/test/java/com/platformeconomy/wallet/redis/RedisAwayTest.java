package com.platformeconomy.wallet.redis;

import static com.platformeconomy.wallet.WalletApi.PRIVILEGED;
import static com.platformeconomy.wallet.WalletApi.balance;
import static com.platformeconomy.wallet.WalletApi.charge;
import static com.platformeconomy.wallet.WalletApi.credit;
import static com.platformeconomy.wallet.WalletApi.newEventId;
import static com.platformeconomy.wallet.WalletApi.newUser;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.platformeconomy.contracts.event.AppCatalogEntry;
import com.platformeconomy.contracts.event.CloudEvent;
import com.platformeconomy.contracts.event.EventCodec;
import com.platformeconomy.contracts.event.SettlementAwarded;
import com.platformeconomy.contracts.event.Topics;
import com.platformeconomy.testkit.kafka.KafkaSender;
import com.platformeconomy.stack.LocalStack;
import com.platformeconomy.stack.LocalStackResource;
import com.platformeconomy.stack.Redis;
import com.platformeconomy.wallet.catalog.AppCatalog;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The wallet's one Redis stops and comes back. Meanwhile every route that needs it answers
 * 503 {@code service_unavailable}, a transient refusal that tells the caller to send the very same
 * request again, never a 500 (whose cause a client cannot know, so it would not dare retry). Once
 * Redis is back the same charge is applied exactly once. On the Redis Cluster run,
 * {@link RedisFailoverTest} holds the same rule through a failover.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class RedisAwayTest {

    @Inject
    Keys keys;
    @Inject
    AppCatalog catalog;

    @Test
    void whileRedisIsAwayEveryAnswerIsATransient503AndTheSameChargeLaterAppliesOnce() throws Exception {
        Assumptions.assumeFalse(Keys.CLUSTER.equals(keys.bucket(0).prefix()), "one Redis node; the cluster's failover is RedisFailoverTest");
        Path stackDir = Path.of(System.getProperty("pes.stack.dir", "target/stack")).toAbsolutePath();
        String user = newUser();
        credit(user, 1_000).statusCode(201);
        String appId = "away-" + UUID.randomUUID().toString().substring(0, 8);
        catalog.put(new AppCatalogEntry(appId, "dev:" + appId, "active", "paid", 5, 2, 70, 1)).await().indefinitely();
        String eventId = newEventId();

        // A crash with AOF is e2e's FaultInjectionTest; here the point is what callers get while it is away.
        stopRedis();
        try {
            charge(eventId, user, appId, "action", false).statusCode(503).contentType("application/problem+json")
                    .body("code", equalTo("service_unavailable"));
            given().auth().oauth2(PRIVILEGED).when().get("/v1/wallets/" + user).then().statusCode(503)
                    .body("code", equalTo("service_unavailable"));
            given().auth().oauth2(PRIVILEGED).contentType(ContentType.JSON)
                    .body("{\"charges\":[{\"event_id\":\"" + eventId + "\",\"user_id\":\"" + user + "\",\"app_id\":\"" + appId
                            + "\",\"tool_name\":\"summarize\",\"handler\":\"action\",\"byollm\":false}]}")
                    .when().post("/v1/charges/batch").then().statusCode(503).body("code", equalTo("service_unavailable"));
        } finally {
            LocalStack.startRedis(stackDir);
        }

        // The caller sends the same charge again until Redis answers (201; 200 if an earlier try was applied
        // but its answer lost): it is applied once, and replayed after that.
        Awaitility.await("the same charge, once Redis is back").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    int status = charge(eventId, user, appId, "action", false).extract().statusCode();
                    assertThat(status).as("while Redis comes back").isIn(201, 200, 503);
                    return status != 503;
                });
        charge(eventId, user, appId, "action", false).statusCode(200).body("billed", equalTo(true));
        assertThat(balance(user)).as("1,000 less one charge of 7").isEqualTo(993);
    }

    /**
     * SPEC §10 "Nothing is dropped silently": an admin's replay of a parked credit marks it resolved
     * only once the credit is applied. Here the replay waits for Redis (stopped) and the parked event
     * must stay open meanwhile: resolved first, a replay cut short (a restart, a dropped request)
     * would leave the operator's award resolved and never credited. Once Redis is back it is applied
     * once and resolved.
     */
    @Test
    void aReplayedCreditStaysOpenUntilItIsApplied() throws Exception {
        Assumptions.assumeFalse(Keys.CLUSTER.equals(keys.bucket(0).prefix()), "one Redis node; the cluster's failover is RedisFailoverTest");
        Path stackDir = Path.of(System.getProperty("pes.stack.dir", "target/stack")).toAbsolutePath();
        String operator = "node-op:" + UUID.randomUUID().toString().substring(0, 8);
        Keys.Bucket bucket = keys.of(operator);
        // The operator's balance at the limit: the award is refused and parked (its cause, fixed below).
        try (Redis admin = admin()) {
            admin.call("HSET", bucket.wallet(operator), "balance", "9007199254740990");
        }
        String batch = "batch-" + UUID.randomUUID();
        try (KafkaSender producer = KafkaSender.asAdmin()) {
            producer.send(Topics.SETTLEMENT_AWARDED, operator, EventCodec.encode(CloudEvent.of(batch, SettlementAwarded.TYPE,
                    "/settlement-service", operator, Instant.now(), new SettlementAwarded(batch, operator, 7, new BigDecimal("0.07"), 1))));
        }
        long id = Awaitility.await("the award parked").atMost(Duration.ofSeconds(30)).until(() -> parkedId(batch), found -> found != null);
        try (Redis admin = admin()) {
            admin.call("HSET", bucket.wallet(operator), "balance", "0");
        }

        stopRedis();
        CompletableFuture<Integer> replay;
        try {
            replay = CompletableFuture.supplyAsync(() -> given().auth().oauth2(PRIVILEGED)
                    .when().post("/v1/admin/parked/" + id + "/replay").then().extract().statusCode());
            Thread.sleep(3_000);
            assertThat(replay).as("the replay waits for Redis").isNotDone();
            given().auth().oauth2(PRIVILEGED).when().get("/v1/admin/parked?open=true").then().statusCode(200)
                    .body("find { it.id == " + id + " }.resolution", startsWith("replaying:"));
        } finally {
            LocalStack.startRedis(stackDir);
        }
        assertThat(replay.get(60, TimeUnit.SECONDS)).isEqualTo(200);
        given().auth().oauth2(PRIVILEGED).when().get("/v1/admin/parked").then().statusCode(200)
                .body("find { it.id == " + id + " }.resolution", equalTo("replayed"));
        assertThat(balance(operator)).as("the award, once").isEqualTo(7);
    }

    private static Long parkedId(String eventId) {
        java.util.List<java.util.Map<String, Object>> open = given().auth().oauth2(PRIVILEGED).when().get("/v1/admin/parked?open=true")
                .then().statusCode(200).extract().jsonPath().getList("$");
        return open.stream().filter(p -> String.valueOf(p.get("payload")).contains(eventId))
                .map(p -> ((Number) p.get("id")).longValue()).findFirst().orElse(null);
    }

    private static Redis admin() {
        var config = ConfigProvider.getConfig();
        return new Redis(config.getValue("pes.redis.host", String.class), config.getValue("pes.redis.port", Integer.class),
                config.getValue("pes.redis.admin-username", String.class), config.getValue("pes.redis.admin-password", String.class));
    }

    /**
     * Stopped with SHUTDOWN SAVE rather than kill -9: this module's Redis keeps nothing on disk
     * otherwise (no AOF, for speed), and the tests after this one need their data back.
     */
    private static void stopRedis() {
        try (Redis admin = admin()) {
            admin.call("SHUTDOWN", "SAVE");
        } catch (RuntimeException closedByTheShutdown) {
            // Redis closes the connection instead of answering.
        }
        int port = ConfigProvider.getConfig().getValue("pes.redis.port", Integer.class);
        Awaitility.await("Redis stopped").atMost(Duration.ofSeconds(10)).until(() -> !listening(port));
    }

    private static boolean listening(int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (java.io.IOException refused) {
            return false;
        }
    }
}
