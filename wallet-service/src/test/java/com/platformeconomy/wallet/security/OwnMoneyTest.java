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
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * SPEC §10, four eyes: an admin moves no tokens into an account that is its own (the token's
 * subject): no treasury credit, no sandbox confirmation of its own top-up ("never by the caller
 * who asked for tokens"), no capture of a hold whose payee it is. Another admin may.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class OwnMoneyTest {

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
}
