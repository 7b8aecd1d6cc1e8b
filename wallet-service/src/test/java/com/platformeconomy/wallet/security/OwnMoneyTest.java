package com.platformeconomy.wallet.security;

import static com.platformeconomy.wallet.WalletApi.PRIVILEGED;
import static com.platformeconomy.wallet.WalletApi.balance;
import static com.platformeconomy.wallet.WalletApi.credit;
import static com.platformeconomy.wallet.WalletApi.newEventId;
import static com.platformeconomy.wallet.WalletApi.newUser;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.platformeconomy.stack.LocalStackResource;
import com.platformeconomy.stack.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import com.platformeconomy.contracts.event.AppCatalogEntry;
import com.platformeconomy.wallet.catalog.AppCatalog;
import com.platformeconomy.wallet.redis.Keys;
import io.quarkus.redis.client.RedisClientName;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * SPEC §10, four eyes: an admin moves no tokens into an account that is its own (the token's
 * subject): no treasury credit, no sandbox confirmation of its own top-up ("never by the caller
 * who asked for tokens"), no capture of a hold whose payee it is, no charge of a user for an app it
 * develops. Another admin may.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class OwnMoneyTest {

    @Inject
    AppCatalog catalog;

    @Inject
    Keys keys;

    /** The stack's admin user: the test reads a developer's running total as the service itself may not. */
    @Inject
    @RedisClientName("admin")
    Redis redis;

    @Test
    void anAdminCreditsNothingToItsOwnAccount() {
        String me = newUser();
        String both = TestTokens.mint(me, "user", "admin");
        given().auth().oauth2(both).contentType(ContentType.JSON)
                .body("{\"event_id\":\"" + newEventId() + "\",\"amount\":1000000,\"reason\":\"mine\"}")
                .when().post("/v1/wallets/" + me + "/credits")
                .then().statusCode(403).contentType("application/problem+json").body("detail", containsString("another admin"));
        assertThat(balance(me)).isZero();
    }

    @Test
    void anAdminDoesNotConfirmThePaymentOfItsOwnTopUp() {
        String me = newUser();
        String both = TestTokens.mint(me, "user", "admin");
        String topup = "tu-" + UUID.randomUUID();
        given().auth().oauth2(both).contentType(ContentType.JSON)
                .body("{\"topup_id\":\"" + topup + "\",\"account\":\"" + me + "\",\"amount_tokens\":50000}")
                .when().post("/v1/topups").then().statusCode(201).body("state", equalTo("requires_payment"));
        given().auth().oauth2(both).when().post("/v1/admin/sandbox/topups/" + topup + "/pay")
                .then().statusCode(403).contentType("application/problem+json");
        assertThat(balance(me)).isZero();
        given().auth().oauth2(PRIVILEGED).when().get("/v1/topups/" + topup)
                .then().statusCode(200).body("state", equalTo("requires_payment"));
        given().auth().oauth2(TestTokens.mint("admin:other", "admin")).when().post("/v1/admin/sandbox/topups/" + topup + "/pay")
                .then().statusCode(200).body("state", equalTo("credited"));
        assertThat(balance(me)).isEqualTo(50_000);
    }

    @Test
    void anAdminDoesNotConfirmATopUpItAskedForSomeoneElse() {
        String friend = newUser();
        String asker = TestTokens.mint("admin:asker", "admin");
        String topup = "tu-" + UUID.randomUUID();
        given().auth().oauth2(asker).contentType(ContentType.JSON)
                .body("{\"topup_id\":\"" + topup + "\",\"account\":\"" + friend + "\",\"amount_tokens\":50000}")
                .when().post("/v1/topups").then().statusCode(201).body("state", equalTo("requires_payment"));
        given().auth().oauth2(asker).when().post("/v1/admin/sandbox/topups/" + topup + "/pay")
                .then().statusCode(403).contentType("application/problem+json");
        assertThat(balance(friend)).isZero();
        given().auth().oauth2(TestTokens.mint("admin:other", "admin")).when().post("/v1/admin/sandbox/topups/" + topup + "/pay")
                .then().statusCode(200).body("state", equalTo("credited"));
    }

    /**
     * An admin who develops an app charges no user for it: the developer share would be its own
     * money. Nothing moves, on the single route and in a batch (that charge alone refused, the
     * others billed); another admin may charge the same call.
     */
    @Test
    void anAdminDoesNotChargeUsersForItsOwnApp() {
        String appId = "app-" + UUID.randomUUID().toString().substring(0, 8);
        String me = "dev:" + appId;
        catalog.put(new AppCatalogEntry(appId, me, "active", "paid", 5, 2, 70, 1)).await().indefinitely();
        String otherApp = "app-" + UUID.randomUUID().toString().substring(0, 8);
        catalog.put(new AppCatalogEntry(otherApp, "dev:" + otherApp, "active", "paid", 5, 2, 70, 1)).await().indefinitely();
        String both = TestTokens.mint(me, "developer", "admin");
        String victim = newUser();
        credit(victim, 100).statusCode(201);
        String eventId = newEventId();

        given().auth().oauth2(both).contentType(ContentType.JSON).body(charge(eventId, victim, appId))
                .when().post("/v1/charges")
                .then().statusCode(403).contentType("application/problem+json").body("detail", containsString("another admin"));
        String second = newEventId();
        given().auth().oauth2(both).contentType(ContentType.JSON)
                .body("{\"charges\":[" + charge(newEventId(), victim, appId) + "," + charge(second, victim, otherApp) + "]}")
                .when().post("/v1/charges/batch")
                .then().statusCode(200)
                .body("results[0].status", equalTo(403)).body("results[0].result.billed", equalTo(false))
                .body("results[1].status", equalTo(201)).body("results[1].result.total_cost", equalTo(7));
        assertThat(balance(victim)).as("only the other app's charge").isEqualTo(93);
        assertThat(developerTotal(victim, me)).isZero();

        given().auth().oauth2(TestTokens.mint("admin:other", "admin")).contentType(ContentType.JSON).body(charge(eventId, victim, appId))
                .when().post("/v1/charges").then().statusCode(201).body("developer_share", equalTo(4));
        assertThat(balance(victim)).isEqualTo(86);
        assertThat(developerTotal(victim, me)).isEqualTo(4);
    }

    /**
     * The same when the app changed hands to the admin after the wallet cached its developer: the
     * script answers the cached developer stale, and the charge made again for the catalog's
     * developer is refused, on the single route and in a batch.
     */
    @Test
    void anAdminDoesNotChargeForAnAppHandedToItAfterTheCache() {
        String appId = "app-" + UUID.randomUUID().toString().substring(0, 8);
        String me = "dev:" + appId;
        String victim = newUser();
        credit(victim, 100).statusCode(201);
        String both = TestTokens.mint(me, "developer", "admin");

        handedOverBehindTheCache(appId, me, victim);
        given().auth().oauth2(both).contentType(ContentType.JSON).body(charge(newEventId(), victim, appId))
                .when().post("/v1/charges")
                .then().statusCode(403).contentType("application/problem+json").body("detail", containsString("another admin"));
        handedOverBehindTheCache(appId, me, victim);
        given().auth().oauth2(both).contentType(ContentType.JSON).body("{\"charges\":[" + charge(newEventId(), victim, appId) + "]}")
                .when().post("/v1/charges/batch")
                .then().statusCode(200).body("results[0].status", equalTo(403));
        assertThat(balance(victim)).isEqualTo(100);
        assertThat(developerTotal(victim, me)).isZero();
    }

    /** The wallet caches another developer for the app while the catalog's copy in the user's bucket names {@code developer}. */
    private void handedOverBehindTheCache(String appId, String developer, String user) {
        catalog.put(new AppCatalogEntry(appId, "dev:before-" + appId, "active", "paid", 5, 2, 70, 1)).await().indefinitely();
        redis.send(Request.cmd(Command.HSET).arg(keys.of(user).app(appId)).arg("developer_id").arg(developer)).await().indefinitely();
    }

    private static String charge(String eventId, String user, String appId) {
        return "{\"event_id\":\"" + eventId + "\",\"user_id\":\"" + user + "\",\"app_id\":\"" + appId
                + "\",\"tool_name\":\"summarize\",\"handler\":\"action\",\"byollm\":false}";
    }

    /** The developer's running total in {@code user}'s bucket, where a charge of that user adds it. */
    private long developerTotal(String user, String developer) {
        Response total = redis.send(Request.cmd(Command.GET).arg(keys.of(user).developerEarnings(developer))).await().indefinitely();
        return total == null ? 0 : total.toLong();
    }

    @Test
    void anAdminDoesNotCaptureAHoldPayableToItself() {
        String holder = newUser();
        String me = "node-op:" + UUID.randomUUID().toString().substring(0, 8);
        String both = TestTokens.mint(me, "operator", "admin");
        credit(holder, 100).statusCode(201);
        String hold = "hold-" + UUID.randomUUID();
        given().auth().oauth2(PRIVILEGED).contentType(ContentType.JSON)
                .body("{\"hold_id\":\"" + hold + "\",\"amount\":60,\"purpose\":\"compute borrowing\",\"ttl_seconds\":600,"
                        + "\"payee\":\"" + me + "\"}")
                .when().post("/v1/wallets/" + holder + "/holds").then().statusCode(201);
        given().auth().oauth2(both).contentType(ContentType.JSON).body("{\"amount\":60}")
                .when().post("/v1/holds/" + hold + "/capture")
                .then().statusCode(403).contentType("application/problem+json");
        assertThat(balance(me)).isZero();
        assertThat(balance(holder)).isEqualTo(100);
        given().auth().oauth2(TestTokens.mint("admin:other", "admin")).contentType(ContentType.JSON).body("{\"amount\":60}")
                .when().post("/v1/holds/" + hold + "/capture").then().statusCode(200);
        assertThat(balance(me)).isEqualTo(60);
    }

    /**
     * A hold moves the holder's tokens to its payee once captured. An admin may reserve on another's
     * wallet, and capture: were it both, one admin alone would move a user's tokens to an accomplice
     * of its choosing (the payee is any account but its own). The admin who reserved a hold on another's
     * wallet does not capture it; another admin does, or the holder's own hold is captured by any admin
     * who is not its payee.
     */
    @Test
    void anAdminDoesNotCaptureAHoldItReservedOnAnotherWallet() {
        String holder = newUser();
        String accomplice = "node-op:" + UUID.randomUUID().toString().substring(0, 8);
        String admin = TestTokens.mint("admin:" + UUID.randomUUID().toString().substring(0, 8), "admin");
        credit(holder, 100).statusCode(201);
        String hold = "hold-" + UUID.randomUUID();
        String reserve = "{\"hold_id\":\"" + hold + "\",\"amount\":60,\"purpose\":\"compute borrowing\",\"ttl_seconds\":600,"
                + "\"payee\":\"" + accomplice + "\"}";
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(reserve)
                .when().post("/v1/wallets/" + holder + "/holds").then().statusCode(201);
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"amount\":60}")
                .when().post("/v1/holds/" + hold + "/capture")
                .then().statusCode(403).contentType("application/problem+json").body("detail", containsString("another admin"));
        assertThat(balance(accomplice)).isZero();
        assertThat(balance(holder)).isEqualTo(100);
        // The same admin replaying the reservation changes nothing of who reserved it.
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(reserve)
                .when().post("/v1/wallets/" + holder + "/holds").then().statusCode(201);
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"amount\":60}")
                .when().post("/v1/holds/" + hold + "/capture").then().statusCode(403);
        given().auth().oauth2(TestTokens.mint("admin:other", "admin")).contentType(ContentType.JSON).body("{\"amount\":60}")
                .when().post("/v1/holds/" + hold + "/capture").then().statusCode(200);
        assertThat(balance(accomplice)).isEqualTo(60);

        // The holder's own hold: the admin captures it (the holder consented by reserving).
        String own = "hold-" + UUID.randomUUID();
        given().auth().oauth2(TestTokens.mint(holder, "user")).contentType(ContentType.JSON)
                .body("{\"hold_id\":\"" + own + "\",\"amount\":30,\"purpose\":\"compute borrowing\",\"ttl_seconds\":600,"
                        + "\"payee\":\"" + accomplice + "\"}")
                .when().post("/v1/wallets/" + holder + "/holds").then().statusCode(201);
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"amount\":30}")
                .when().post("/v1/holds/" + own + "/capture").then().statusCode(200);
        assertThat(balance(accomplice)).isEqualTo(90);
        assertThat(balance(holder)).isEqualTo(10);
    }
    @Inject
    io.vertx.mutiny.sqlclient.Pool ledger;

    /**
     * Four eyes relies on knowing who moved someone else's tokens. The ledger names the admin that
     * credited, debited, charged or captured, on both rows of the movement, written with the movement
     * itself (the script's stream entry, the event, the ledger's row): a refused request leaves
     * nothing, a replay by another admin names the first. A user moving its own tokens names nobody.
     */
    @Test
    void everyMovementOfAnotherAccountsTokensNamesWhoAskedForIt() {
        String user = newUser();
        String admin = "admin:" + UUID.randomUUID().toString().substring(0, 8);
        String token = TestTokens.mint(admin, "admin");
        String appId = "app-" + UUID.randomUUID().toString().substring(0, 8);
        catalog.put(new AppCatalogEntry(appId, "dev:" + appId, "active", "paid", 5, 2, 70, 1)).await().indefinitely();
        String credit = newEventId();
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"event_id\":\"" + credit + "\",\"amount\":100,\"reason\":\"goodwill\"}")
                .when().post("/v1/wallets/" + user + "/credits").then().statusCode(201);
        // Another admin replaying it moves nothing and names nobody new.
        given().auth().oauth2(TestTokens.mint("admin:other", "admin")).contentType(ContentType.JSON)
                .body("{\"event_id\":\"" + credit + "\",\"amount\":100,\"reason\":\"goodwill\"}")
                .when().post("/v1/wallets/" + user + "/credits").then().statusCode(200);
        String debit = newEventId();
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"event_id\":\"" + debit + "\",\"amount\":10,\"category\":\"other\",\"reason\":\"fee\"}")
                .when().post("/v1/wallets/" + user + "/debits").then().statusCode(201);
        String refused = newEventId();
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"event_id\":\"" + refused + "\",\"amount\":1000,\"category\":\"other\",\"reason\":\"fee\"}")
                .when().post("/v1/wallets/" + user + "/debits").then().statusCode(402);
        String charged = newEventId();
        given().auth().oauth2(token).contentType(ContentType.JSON).body(charge(charged, user, appId))
                .when().post("/v1/charges").then().statusCode(201);
        String batched = newEventId();
        String ownBatched = newEventId();
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"charges\":[" + charge(batched, user, appId) + "]}")
                .when().post("/v1/charges/batch").then().statusCode(200).body("results[0].status", equalTo(201));
        String userToken = TestTokens.mint(user, "user");
        given().auth().oauth2(userToken).contentType(ContentType.JSON).body("{\"charges\":[" + charge(ownBatched, user, appId) + "]}")
                .when().post("/v1/charges/batch").then().statusCode(200).body("results[0].status", equalTo(201));
        String own = newEventId();
        given().auth().oauth2(userToken).contentType(ContentType.JSON)
                .body("{\"event_id\":\"" + own + "\",\"amount\":5,\"category\":\"other\",\"reason\":\"mine\"}")
                .when().post("/v1/wallets/" + user + "/debits").then().statusCode(201);
        String hold = "hold-" + UUID.randomUUID();
        given().auth().oauth2(userToken).contentType(ContentType.JSON)
                .body("{\"hold_id\":\"" + hold + "\",\"amount\":20,\"purpose\":\"session\",\"ttl_seconds\":600,"
                        + "\"payee\":\"platform:revenue\"}")
                .when().post("/v1/wallets/" + user + "/holds").then().statusCode(201);
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"amount\":20}")
                .when().post("/v1/holds/" + hold + "/capture").then().statusCode(200);
        String capture = com.platformeconomy.contracts.event.SuiteIds.holdCapture(hold);

        java.util.List<String> ids = java.util.List.of(credit, debit, refused, charged, batched, ownBatched, own, capture);
        java.util.Map<String, java.util.Set<String>> actors = new java.util.HashMap<>();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).untilAsserted(() -> {
            actors.clear();
            ledger.preparedQuery("SELECT event_id, coalesce(actor, '-') AS actor FROM token_ledger WHERE event_id = ANY($1)")
                    .execute(io.vertx.mutiny.sqlclient.Tuple.of(ids.toArray(new String[0]))).await().indefinitely()
                    .forEach(row -> actors.computeIfAbsent(row.getString("event_id"), k -> new java.util.HashSet<>())
                            .add(row.getString("actor")));
            assertThat(actors).containsOnlyKeys(credit, debit, charged, batched, ownBatched, own, capture);
        });
        java.util.Set<String> byAdmin = java.util.Set.of(admin);
        java.util.Set<String> byNobody = java.util.Set.of("-");
        assertThat(actors).containsEntry(credit, byAdmin).containsEntry(debit, byAdmin).containsEntry(charged, byAdmin)
                .containsEntry(batched, byAdmin).containsEntry(capture, byAdmin)
                .containsEntry(ownBatched, byNobody).containsEntry(own, byNobody);
    }
}
