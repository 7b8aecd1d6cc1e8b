package com.platformeconomy.wallet.charge;

import static com.platformeconomy.wallet.WalletApi.PRIVILEGED;
import static com.platformeconomy.wallet.WalletApi.balance;
import static com.platformeconomy.wallet.WalletApi.charge;
import static com.platformeconomy.wallet.WalletApi.credit;
import static com.platformeconomy.wallet.WalletApi.newEventId;
import static com.platformeconomy.wallet.WalletApi.newUser;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.platformeconomy.contracts.event.AppCatalogEntry;
import com.platformeconomy.contracts.event.CloudEvent;
import com.platformeconomy.contracts.event.EventCodec;
import com.platformeconomy.contracts.event.Topics;
import com.platformeconomy.stack.LocalStackResource;
import com.platformeconomy.stack.TestTokens;
import com.platformeconomy.testkit.kafka.KafkaSender;
import com.platformeconomy.wallet.catalog.AppCatalog;
import com.platformeconomy.wallet.redis.Keys;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Charges with the seed's worked numbers (seeds/002 "Example calculations" and "When you DON'T earn"). */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class ChargeTest {

    @Inject
    Keys keys;

    @Inject
    AppCatalog catalog;
    /** The stack's admin user: the test damages and inspects Redis as the service itself may not. */
    @Inject
    @RedisClientName("admin")
    Redis redis;

    private String app(String status, String pricing, long base, long fee, int split) {
        String appId = "app-" + UUID.randomUUID().toString().substring(0, 8);
        String developer = "dev:" + appId;
        catalog.put(new AppCatalogEntry(appId, developer, status, pricing, base, fee, split, 1)).await().indefinitely();
        return appId;
    }

    private long developerTotal(String appId) {
        Response total = redis.send(Request.cmd(Command.GET).arg(keys.bucket(0).developerEarnings("dev:" + appId))).await().indefinitely();
        return total == null ? 0 : total.toLong();
    }

    @Test
    void explorerSevenTokensSplitFourThree() {
        String user = newUser();
        credit(user, 100).statusCode(201);
        String appId = app("active", "paid", 5, 2, 70);
        charge(newEventId(), user, appId, "action", false).statusCode(201)
                .body("billed", equalTo(true)).body("total_cost", equalTo(7))
                .body("developer_share", equalTo(4)).body("platform_share", equalTo(3))
                .body("balance", equalTo(93)).body("reason", nullValue());
        assertThat(developerTotal(appId)).isEqualTo(4);
    }

    @Test
    void indieSevenTokensSplitFiveTwo() {
        String user = newUser();
        credit(user, 100).statusCode(201);
        String appId = app("active", "paid", 5, 2, 80);
        charge(newEventId(), user, appId, "action", false).statusCode(201)
                .body("total_cost", equalTo(7)).body("developer_share", equalTo(5)).body("platform_share", equalTo(2));
    }

    @Test
    void byollmExplorerFiveTokensSplitThreeTwo() {
        String user = newUser();
        credit(user, 100).statusCode(201);
        String appId = app("active", "paid", 5, 2, 70);
        charge(newEventId(), user, appId, "action", true).statusCode(201)
                .body("total_cost", equalTo(5)).body("developer_share", equalTo(3)).body("platform_share", equalTo(2))
                .body("balance", equalTo(95));
    }

    @Test
    void insufficientBalanceIsRefusedWith402AndChangesNothing() {
        String user = newUser();
        credit(user, 6).statusCode(201);
        String appId = app("active", "paid", 5, 2, 70);
        charge(newEventId(), user, appId, "action", false).statusCode(402)
                .contentType("application/problem+json").body("code", equalTo("insufficient_balance"));
        assertThat(balance(user)).isEqualTo(6);
        assertThat(developerTotal(appId)).isZero();
    }

    @Test
    void skeletonPanelSystemAndInactiveAppsAreNotBilled() {
        String user = newUser();
        credit(user, 100).statusCode(201);
        String active = app("active", "paid", 5, 2, 70);
        charge(newEventId(), user, active, "skeleton", false).statusCode(200)
                .body("billed", equalTo(false)).body("reason", equalTo("skeleton_handler"));
        charge(newEventId(), user, active, "panel", false).statusCode(200)
                .body("billed", equalTo(false)).body("reason", equalTo("panel_handler"));
        charge(newEventId(), user, "__system__", "action", false).statusCode(200)
                .body("billed", equalTo(false)).body("reason", equalTo("system_app"));
        for (String status : new String[] {"draft", "pending_review", "suspended"}) {
            charge(newEventId(), user, app(status, "paid", 5, 2, 70), "action", false).statusCode(200)
                    .body("billed", equalTo(false)).body("reason", equalTo("app_not_active"));
        }
        assertThat(balance(user)).isEqualTo(100);
    }

    @Test
    void aFreeAppsCallIsRecordedWithZeroSharesAndMovesNothing() {
        String user = newUser();
        String free = app("active", "free", 0, 0, 70);
        charge(newEventId(), user, free, "action", false).statusCode(201)
                .body("billed", equalTo(false)).body("reason", equalTo("free_app"))
                .body("total_cost", equalTo(0)).body("developer_share", equalTo(0)).body("balance", equalTo(0));
        assertThat(developerTotal(free)).isZero();
    }

    @Test
    void anUnknownAppIs404AndAnotherUsersWalletIs403() {
        String user = newUser();
        credit(user, 100).statusCode(201);
        charge(newEventId(), user, "no-such-app", "action", false).statusCode(404).body("code", equalTo("unknown_app"));
        String appId = app("active", "paid", 5, 2, 70);
        given().auth().oauth2(TestTokens.mint(newUser(), "user")).contentType(ContentType.JSON)
                .body("{\"event_id\":\"" + newEventId() + "\",\"user_id\":\"" + user + "\",\"app_id\":\"" + appId
                        + "\",\"tool_name\":\"t\",\"handler\":\"action\",\"byollm\":false}")
                .when().post("/v1/charges").then().statusCode(403);
        given().auth().oauth2(TestTokens.mint(user, "user")).contentType(ContentType.JSON)
                .body("{\"event_id\":\"" + newEventId() + "\",\"user_id\":\"" + user + "\",\"app_id\":\"" + appId
                        + "\",\"tool_name\":\"t\",\"handler\":\"action\",\"byollm\":false}")
                .when().post("/v1/charges").then().statusCode(201);
        assertThat(balance(user)).isEqualTo(93);
    }

    @Test
    void aReplayedChargeReturnsTheFirstOutcomeAndChargesOnce() {
        String user = newUser();
        credit(user, 100).statusCode(201);
        String appId = app("active", "paid", 5, 2, 70);
        String eventId = newEventId();
        charge(eventId, user, appId, "action", false).statusCode(201).body("balance", equalTo(93));
        for (int i = 0; i < 2; i++) {
            charge(eventId, user, appId, "action", false).statusCode(200)
                    .body("balance", equalTo(93)).body("total_cost", equalTo(7)).body("developer_share", equalTo(4));
        }
        charge(eventId, user, appId, "action", true).statusCode(409).body("code", equalTo("event_id_reused"));
        assertThat(balance(user)).isEqualTo(93);
        assertThat(developerTotal(appId)).isEqualTo(4);
    }

    @Test
    void aLaterCatalogVersionChangesThePriceAndAnOlderOneIsIgnored() {
        String user = newUser();
        credit(user, 100).statusCode(201);
        String appId = app("active", "paid", 5, 2, 70);
        catalog.put(new AppCatalogEntry(appId, "dev:" + appId, "active", "paid", 10, 2, 80, 3)).await().indefinitely();
        catalog.put(new AppCatalogEntry(appId, "dev:" + appId, "active", "paid", 1, 1, 10, 2)).await().indefinitely();
        charge(newEventId(), user, appId, "action", false).statusCode(201)
                .body("total_cost", equalTo(12)).body("developer_share", equalTo(9)).body("platform_share", equalTo(3));
    }

    @Test
    void theCatalogArrivesFromKafka() throws Exception {
        String appId = "kafka-" + UUID.randomUUID().toString().substring(0, 8);
        AppCatalogEntry entry = new AppCatalogEntry(appId, "dev:" + appId, "active", "paid", 5, 2, 70, 1);
        // Before it, entries Redis cannot store as an app (no developer; a developer no wallet account names):
        // parked, not retried for ever with every entry behind them waiting.
        String unowned = "kafka-" + UUID.randomUUID().toString().substring(0, 8);
        String misnamed = "kafka-" + UUID.randomUUID().toString().substring(0, 8);
        KafkaSender.publish(Topics.APP_CATALOG, appId, "{not an event",
                EventCodec.encode(CloudEvent.of("app:" + unowned + ":v1", AppCatalogEntry.TYPE, "/developer-earnings-service",
                        unowned, Instant.now(), new AppCatalogEntry(unowned, null, "active", "paid", 5, 2, 70, 1))),
                EventCodec.encode(CloudEvent.of("app:" + misnamed + ":v1", AppCatalogEntry.TYPE, "/developer-earnings-service",
                        misnamed, Instant.now(), new AppCatalogEntry(misnamed, "dev:x\u0000", "active", "paid", 5, 2, 70, 1))),
                EventCodec.encode(CloudEvent.of(
                "app:" + appId + ":v1", AppCatalogEntry.TYPE, "/developer-earnings-service", appId, Instant.now(), entry)));
        String user = newUser();
        credit(user, 100).statusCode(201);
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                charge(newEventId(), user, appId, "action", false).statusCode(201).body("total_cost", equalTo(7)));
        charge(newEventId(), user, unowned, "action", false).statusCode(404);
        charge(newEventId(), user, misnamed, "action", false).statusCode(404);
    }

    @Test
    void aBatchPipelinesChargesEachWithItsOwnOutcome() {
        String rich = newUser();
        String poor = newUser();
        credit(rich, 100).statusCode(201);
        credit(poor, 3).statusCode(201);
        String appId = app("active", "paid", 5, 2, 70);
        String replayed = newEventId();
        charge(replayed, rich, appId, "action", false).statusCode(201);
        String body = "{\"charges\":["
                + item(newEventId(), rich, appId, "action") + ","
                + item(newEventId(), poor, appId, "action") + ","
                + item(newEventId(), rich, appId, "panel") + ","
                + item(newEventId(), rich, "no-such-app", "action") + ","
                + item(replayed, rich, appId, "action") + "]}";
        given().auth().oauth2(PRIVILEGED).contentType(ContentType.JSON).body(body)
                .when().post("/v1/charges/batch")
                .then().statusCode(200)
                .body("results.status", org.hamcrest.Matchers.contains(201, 402, 200, 404, 200))
                .body("results[0].result.developer_share", equalTo(4))
                .body("results[4].result.balance", equalTo(93));
        assertThat(balance(rich)).isEqualTo(86);
        assertThat(balance(poor)).isEqualTo(3);
    }

    private static String item(String eventId, String user, String appId, String handler) {
        return "{\"event_id\":\"" + eventId + "\",\"user_id\":\"" + user + "\",\"app_id\":\"" + appId
                + "\",\"tool_name\":\"summarize\",\"handler\":\"" + handler + "\",\"byollm\":false}";
    }
}
