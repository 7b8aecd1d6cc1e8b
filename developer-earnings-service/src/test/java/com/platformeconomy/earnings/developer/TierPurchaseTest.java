package com.platformeconomy.earnings.developer;

import static com.platformeconomy.earnings.Fixtures.approvedApp;
import static com.platformeconomy.earnings.Fixtures.newAppId;
import static com.platformeconomy.earnings.Fixtures.newDeveloper;
import static com.platformeconomy.testkit.tokens.Tokens.admin;
import static com.platformeconomy.testkit.tokens.Tokens.developer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.platformeconomy.contracts.event.EventIds;
import com.platformeconomy.earnings.WalletPeer;
import com.platformeconomy.earnings.wallet.WalletClient;
import com.platformeconomy.stack.LocalStackResource;
import com.platformeconomy.stack.TestTokens;
import com.platformeconomy.testkit.wallet.Wallets;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Buying a tier debits the real wallet-service once, whatever is retried; a refused debit changes nothing. */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class TierPurchaseTest {

    @Inject
    WalletClient walletClient;
    @Inject
    Pool pool;

    private String wallet;

    @BeforeEach
    void startWallet() {
        wallet = WalletPeer.start(walletClient);
    }

    /** A new purchase request: a fresh Idempotency-Key. */
    private static io.restassured.response.ValidatableResponse buy(String dev, String tier) {
        return buy(dev, tier, com.platformeconomy.earnings.Fixtures.key());
    }

    static io.restassured.response.ValidatableResponse buy(String dev, String tier, String key) {
        return given().auth().oauth2(developer(dev)).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body("{\"tier\":\"" + tier + "\"}")
                .when().put("/v1/developer/tier").then();
    }

    @Test
    void aWalletThatCannotPayIsRefused402AndTheTierStaysExplorer() {
        String dev = newDeveloper();
        Wallets.at(wallet).fund(dev, 8999);
        buy(dev, "indie").statusCode(402).contentType("application/problem+json").body("code", equalTo("insufficient_balance"));
        given().auth().oauth2(developer(dev)).when().get("/v1/developer/tier")
                .then().statusCode(200).body("tier", equalTo("explorer")).body("revenue_split_dev", equalTo(70));
        assertThat(Wallets.at(wallet).balance(dev)).isEqualTo(8999);

        // Topped up, the next attempt is a new purchase and succeeds.
        Wallets.at(wallet).fund(dev, 1);
        buy(dev, "indie").statusCode(200).body("tier", equalTo("indie")).body("revenue_split_dev", equalTo(80));
        assertThat(Wallets.at(wallet).balance(dev)).isZero();
    }

    /**
     * A lower tier bought while a higher one is in force would replace it for a year at full price:
     * the developer pays to earn less. Refused, nothing debited, the same answer to the same key.
     */
    @Test
    void aLowerTierIsNotBoughtOverAHigherOneInForce() {
        String dev = newDeveloper();
        Wallets.at(wallet).fund(dev, 29_000 + 9_000);
        buy(dev, "studio").statusCode(200).body("tier", equalTo("studio"));
        String key = com.platformeconomy.earnings.Fixtures.key();
        buy(dev, "indie", key).statusCode(409).contentType("application/problem+json").body("code", equalTo("higher_tier_in_force"));
        buy(dev, "indie", key).statusCode(409).body("code", equalTo("higher_tier_in_force"));
        given().auth().oauth2(developer(dev)).when().get("/v1/developer/tier")
                .then().statusCode(200).body("tier", equalTo("studio")).body("revenue_split_dev", equalTo(85));
        assertThat(Wallets.at(wallet).balance(dev)).isEqualTo(9_000);
    }

    @Test
    void buyingIndieDebitsNineThousandOnceForAYear() {
        String dev = newDeveloper();
        Wallets.at(wallet).fund(dev, 20_000);
        String expires = buy(dev, "indie").statusCode(200)
                .body("developer_id", equalTo(dev)).body("tier", equalTo("indie")).body("revenue_split_dev", equalTo(80))
                .extract().jsonPath().getString("expires_at");
        assertThat(Duration.between(OffsetDateTime.now(ZoneOffset.UTC), OffsetDateTime.parse(expires)).toDays())
                .isBetween(364L, 365L);
        assertThat(Wallets.at(wallet).balance(dev)).isEqualTo(11_000);
        // Asking again for the tier in force buys nothing.
        buy(dev, "indie").statusCode(200).body("tier", equalTo("indie"));
        assertThat(Wallets.at(wallet).balance(dev)).isEqualTo(11_000);
    }

    @Test
    void concurrentPurchasesOfOneTierDebitOnce() throws Exception {
        String dev = newDeveloper();
        Wallets.at(wallet).fund(dev, 100_000);
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try {
            List<Callable<Integer>> attempts = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                attempts.add(() -> buy(dev, "studio").extract().statusCode());
            }
            for (Future<Integer> status : threads.invokeAll(attempts)) {
                assertThat(status.get()).isEqualTo(200);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(Wallets.at(wallet).balance(dev)).isEqualTo(100_000 - 29_000);
    }

    @Test
    void aPurchaseRetriedAfterTheDebitButBeforeItWasRecordedReusesItsEventIdAndDebitsOnce() {
        String dev = newDeveloper();
        Wallets.at(wallet).fund(dev, 20_000);
        given().auth().oauth2(developer(dev)).when().get("/v1/developer/tier").then().statusCode(200);
        // The state a crash right after the wallet's debit leaves: the purchase pending, the tokens gone.
        String eventId = EventIds.uuidV7();
        pool.preparedQuery("INSERT INTO tier_purchases (developer_id, tier, amount, event_id, status) VALUES ($1, 'indie', 9000, $2, 'pending')")
                .execute(Tuple.of(dev, eventId)).await().atMost(Duration.ofSeconds(10));
        given().baseUri(wallet).auth().oauth2(TestTokens.service("developer-earnings-service", "wallet-service"))
                .contentType(ContentType.JSON)
                .body("{\"event_id\":\"" + eventId + "\",\"amount\":9000,\"category\":\"tier_fee\",\"reason\":\"tier indie for a year\"}")
                .when().post("/v1/wallets/" + dev + "/debits").then().statusCode(201);
        assertThat(Wallets.at(wallet).balance(dev)).isEqualTo(11_000);

        buy(dev, "indie").statusCode(200).body("tier", equalTo("indie"));
        assertThat(Wallets.at(wallet).balance(dev)).isEqualTo(11_000);
        String status = pool.preparedQuery("SELECT status FROM tier_purchases WHERE event_id = $1").execute(Tuple.of(eventId))
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getString("status");
        assertThat(status).isEqualTo("completed");
    }

    @Test
    void aPurchaseThatCouldNotReachTheWalletIsRetriedWithTheSameEventIdAndDebitsOnce() {
        String dev = newDeveloper();
        Wallets.at(wallet).fund(dev, 20_000);
        walletClient.useBaseUri(java.net.URI.create("http://127.0.0.1:1"));
        try {
            buy(dev, "indie").statusCode(503).contentType("application/problem+json").body("code", equalTo("wallet_unavailable"));
        } finally {
            WalletPeer.start(walletClient);
        }
        given().auth().oauth2(developer(dev)).when().get("/v1/developer/tier").then().body("tier", equalTo("explorer"));
        String pending = pool.preparedQuery("SELECT event_id FROM tier_purchases WHERE developer_id = $1 AND status = 'pending'")
                .execute(Tuple.of(dev)).await().atMost(Duration.ofSeconds(10)).iterator().next().getString("event_id");

        buy(dev, "indie").statusCode(200).body("tier", equalTo("indie"));
        buy(dev, "indie").statusCode(200).body("tier", equalTo("indie"));
        assertThat(Wallets.at(wallet).balance(dev)).isEqualTo(11_000);
        var rows = pool.preparedQuery("SELECT event_id, status FROM tier_purchases WHERE developer_id = $1")
                .execute(Tuple.of(dev)).await().atMost(Duration.ofSeconds(10));
        assertThat(rows.rowCount()).isEqualTo(1);
        assertThat(rows.iterator().next().getString("event_id")).isEqualTo(pending);
        assertThat(rows.iterator().next().getString("status")).isEqualTo("completed");
    }

    @Test
    void anAppApprovedUnderExplorerKeeps70AfterBuyingIndieUntilEditedAndApprovedAgain() {
        String dev = newDeveloper();
        String app = newAppId();
        approvedApp(dev, app, 5);
        Wallets.at(wallet).fund(dev, 9000);
        buy(dev, "indie").statusCode(200).body("tier", equalTo("indie"));

        given().auth().oauth2(developer(dev)).when().get("/v1/developer/apps/" + app)
                .then().statusCode(200).body("revenue_split_dev", equalTo(70))
                .body("developer_share", equalTo(4)).body("platform_share", equalTo(3));

        given().auth().oauth2(developer(dev)).when().post("/v1/developer/apps/" + app + "/pause").then().statusCode(200);
        given().auth().oauth2(developer(dev)).contentType(ContentType.JSON).body("{\"name\":\"Search, re-priced\"}")
                .when().patch("/v1/developer/apps/" + app).then().statusCode(200).body("revenue_split_dev", equalTo(70));
        given().auth().oauth2(developer(dev)).when().post("/v1/developer/apps/" + app + "/submit").then().statusCode(200);
        given().auth().oauth2(admin()).when().post("/v1/admin/apps/" + app + "/approve")
                .then().statusCode(200).body("revenue_split_dev", equalTo(80))
                .body("total_cost", equalTo(7)).body("developer_share", equalTo(5)).body("platform_share", equalTo(2));
    }
}
