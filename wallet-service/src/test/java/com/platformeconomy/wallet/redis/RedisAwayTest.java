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

import com.platformeconomy.contracts.event.AppCatalogEntry;
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
import java.util.UUID;
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

        // Stopped with SHUTDOWN SAVE rather than kill -9: this module's Redis keeps nothing on disk
        // otherwise (no AOF, for speed), and the tests after this one need their data back. A crash
        // with AOF is e2e's FaultInjectionTest; here the point is what callers get while it is away.
        var config = ConfigProvider.getConfig();
        try (Redis admin = new Redis(config.getValue("pes.redis.host", String.class), config.getValue("pes.redis.port", Integer.class),
                config.getValue("pes.redis.admin-username", String.class), config.getValue("pes.redis.admin-password", String.class))) {
            admin.call("SHUTDOWN", "SAVE");
        } catch (RuntimeException closedByTheShutdown) {
            // Redis closes the connection instead of answering.
        }
        int port = config.getValue("pes.redis.port", Integer.class);
        Awaitility.await("Redis stopped").atMost(Duration.ofSeconds(10)).until(() -> !listening(port));
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

    private static boolean listening(int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (java.io.IOException refused) {
            return false;
        }
    }
}
