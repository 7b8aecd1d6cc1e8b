package com.platformeconomy.earnings.e2e;

import static com.platformeconomy.earnings.Fixtures.approvedApp;
import static com.platformeconomy.earnings.Fixtures.newAppId;
import static com.platformeconomy.earnings.Fixtures.newDeveloper;
import static com.platformeconomy.testkit.tokens.Tokens.developer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.platformeconomy.contracts.event.ChargeRecorded;
import com.platformeconomy.contracts.event.CloudEvent;
import com.platformeconomy.contracts.event.EventIds;
import com.platformeconomy.earnings.WalletPeer;
import com.platformeconomy.earnings.wallet.WalletClient;
import com.platformeconomy.stack.LocalStackResource;
import com.platformeconomy.stack.TestTokens;
import com.platformeconomy.testkit.wallet.Wallets;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * End to end with the real wallet-service: an app approved here is priced by the wallet from
 * app.catalog, a user's charges are split there, and the charges show up here in earnings and
 * analytics within seconds.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class ChargesToEarningsTest {

    @Inject
    WalletClient walletClient;

    private String wallet;

    private JsonPath charge(String user, String app, String eventId, boolean byollm) {
        return given().baseUri(wallet).auth().oauth2(TestTokens.mint(user, "user")).contentType(ContentType.JSON)
                .body("{\"event_id\":\"" + eventId + "\",\"user_id\":\"" + user + "\",\"app_id\":\"" + app
                        + "\",\"tool_name\":\"search\",\"handler\":\"action\",\"byollm\":" + byollm + "}")
                .when().post("/v1/charges").then().extract().jsonPath();
    }

    @Test
    void aUsersChargesForAnApprovedAppAppearInTheDevelopersEarningsAndAnalytics() {
        wallet = WalletPeer.start(walletClient);
        String dev = newDeveloper();
        String app = newAppId();
        approvedApp(dev, app, 5);
        String alice = "user:a" + UUID.randomUUID().toString().substring(0, 8);
        String bob = "user:b" + UUID.randomUUID().toString().substring(0, 8);
        Wallets.at(wallet).fund(alice, 100);
        Wallets.at(wallet).fund(bob, 100);

        // The wallet prices the app once our outbox has published its approval to app.catalog. Until its
        // catalog consumer has the entry at all (its partitions are assigned a few seconds after start) the
        // charge is refused as an unknown app (a problem, no "billed"); then billed=false while it is a draft.
        List<CloudEvent<ChargeRecorded>> billed = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            String eventId = EventIds.uuidV7();
            JsonPath result = charge(alice, app, eventId, false);
            if (Boolean.TRUE.equals(result.get("billed"))) {
                billed.add(recorded(eventId, alice, app, dev, false, result));
                return true;
            }
            return false;
        });
        assertThat(billed.get(0).data().totalCost()).isEqualTo(7);
        assertThat(billed.get(0).data().developerShare()).isEqualTo(4);   // explorer: 7 → 4/3
        assertThat(billed.get(0).data().platformShare()).isEqualTo(3);
        for (int i = 0; i < 2; i++) {
            String eventId = EventIds.uuidV7();
            billed.add(recorded(eventId, bob, app, dev, false, charge(bob, app, eventId, false)));
        }
        String byollm = EventIds.uuidV7();
        JsonPath byollmCharge = charge(alice, app, byollm, true);
        assertThat(byollmCharge.getLong("developer_share")).isEqualTo(3);  // BYOLLM: 5 → 3/2
        assertThat(byollmCharge.getLong("platform_share")).isEqualTo(2);
        billed.add(recorded(byollm, alice, app, dev, true, byollmCharge));

        // Nothing else: wallet-service's relay publishes each charge to billing.events and the
        // earnings consumer books it.
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                given().auth().oauth2(developer(dev)).when().get("/v1/developer/earnings")
                        .then().statusCode(200).extract().jsonPath().getMap("$"))
                .isEqualTo(Map.of("total_earnings", 15, "total_platform_share", 11, "pending_payout", 15, "paid_out", 0)));
        assertThat(given().auth().oauth2(developer(dev)).queryParam("days", "30")
                .when().get("/v1/developer/apps/" + app + "/analytics")
                .then().statusCode(200).extract().jsonPath().getMap("$"))
                .isEqualTo(Map.of("app_id", app, "period_days", 30, "actions", 4, "revenue", 15, "unique_users", 2));
    }

    private static CloudEvent<ChargeRecorded> recorded(String eventId, String user, String app, String dev, boolean byollm,
                                                       JsonPath result) {
        assertThat(result.getBoolean("billed")).isTrue();
        return CloudEvent.of(eventId, ChargeRecorded.TYPE, "/wallet-service", user, Instant.now(),
                new ChargeRecorded(user, app, dev, "search", byollm, result.getLong("total_cost"),
                        result.getLong("developer_share"), result.getLong("platform_share"), "platform:revenue", 0));
    }
}
