package com.platformeconomy.earnings;

import static io.restassured.RestAssured.given;

import com.platformeconomy.contracts.event.EventIds;
import com.platformeconomy.earnings.wallet.WalletClient;
import com.platformeconomy.stack.RunningService;
import com.platformeconomy.stack.TestTokens;
import io.restassured.http.ContentType;
import java.net.URI;
import java.util.Map;

/**
 * The real wallet-service, run once per test JVM from its packaged jar against the same stack,
 * with this service's wallet client pointed at it.
 */
public final class WalletPeer {

    private static RunningService wallet;

    private WalletPeer() {
    }

    public static synchronized String start(WalletClient client) {
        if (wallet == null) {
            // The dev profile, as ./suite up runs it: production refuses to start without Stripe's keys.
            wallet = RunningService.start("wallet-service", Map.of("quarkus.profile", "dev"));
        }
        client.useBaseUri(URI.create(wallet.url()));
        return wallet.url();
    }

    public static void credit(String url, String account, long amount) {
        given().baseUri(url).auth().oauth2(TestTokens.mint("admin:tests", "admin")).contentType(ContentType.JSON)
                .body("{\"event_id\":\"" + EventIds.uuidV7() + "\",\"amount\":" + amount + ",\"reason\":\"test funds\"}")
                .when().post("/v1/wallets/" + account + "/credits")
                .then().statusCode(201);
    }

    public static long balance(String url, String account) {
        return given().baseUri(url).auth().oauth2(TestTokens.mint("admin:tests", "admin"))
                .when().get("/v1/wallets/" + account)
                .then().statusCode(200).extract().jsonPath().getLong("balance");
    }
}
