package com.platformeconomy.revenue.dashboard;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import com.platformeconomy.stack.LocalStackResource;
import com.platformeconomy.stack.RunningService;
import com.platformeconomy.testkit.tokens.Tokens;
import com.platformeconomy.testkit.wallet.Wallets;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** compute_borrowing from the real wallet-service's hold statistics (the seed's 3 escrows, 150 spark). */
@QuarkusTest
@TestProfile(RealWalletDashboardTest.ThroughForwarder.class)
@QuarkusTestResource(LocalStackResource.class)
class RealWalletDashboardTest {

    public static class ThroughForwarder implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.rest-client.wallet.url", WalletProxy.url());
        }
    }

    @Test
    void computeBorrowingShowsTheWalletsActiveHolds() {
        // The dev profile, as ./suite up runs it: production refuses to start without Stripe's keys.
        try (RunningService wallet = RunningService.start("wallet-service", Map.of("quarkus.profile", "dev"))) {
            System.setProperty(WalletProxy.TARGET, wallet.url());
            Wallets.at(wallet.url()).fund("user:holder", 1000);
            String service = Tokens.admin("admin:revenue-test");
            for (int i = 1; i <= 3; i++) {
                given().baseUri(wallet.url()).auth().oauth2(service).contentType(ContentType.JSON)
                        .body("{\"hold_id\":\"borrow-" + i + "\",\"amount\":50,\"purpose\":\"compute\",\"ttl_seconds\":3600}")
                        .when().post("/v1/wallets/user:holder/holds").then().statusCode(201);
            }
            Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    given().auth().oauth2(Tokens.admin()).when().get("/api/revenue/dashboard")
                            .then().statusCode(200)
                            .body("compute_borrowing.active_escrows", equalTo(3))
                            .body("compute_borrowing.total_spark_escrowed", equalTo(150))
                            .body("compute_borrowing", not(hasKey("unavailable"))));
        } finally {
            System.clearProperty(WalletProxy.TARGET);
        }
    }
}
