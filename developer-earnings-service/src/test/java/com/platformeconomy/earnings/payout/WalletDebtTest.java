package com.platformeconomy.earnings.payout;

import static com.platformeconomy.earnings.Fixtures.key;
import static com.platformeconomy.earnings.Fixtures.newDeveloper;
import static com.platformeconomy.testkit.tokens.Tokens.admin;
import static com.platformeconomy.testkit.tokens.Tokens.developer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.platformeconomy.earnings.WalletPeer;
import com.platformeconomy.earnings.wallet.WalletClient;
import com.platformeconomy.stack.LocalStackResource;
import com.platformeconomy.testkit.wallet.Wallets;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SPEC §10: a developer who owes the wallet (a top-up it spent, on a tier or anything else, was
 * refunded or charged back, so its balance is below zero) is paid no earnings until the debt is
 * paid: the payout request and its approval read the developer's wallet at the real wallet-service
 * and refuse 409 while it is negative. Otherwise a studio tier bought with a top-up, then refunded,
 * is kept for a year and the earnings it raised are paid out in cash while the tokens are owed.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class WalletDebtTest {

    @Inject
    WalletClient walletClient;

    private String wallet;

    @BeforeEach
    void startWallet() {
        wallet = WalletPeer.start(walletClient);
    }

    /** A top-up of {@code tokens} the developer starts at the wallet and another admin's sandbox payment credits. */
    private String topUp(String dev, long tokens) {
        String id = "topup-" + UUID.randomUUID();
        given().baseUri(wallet).auth().oauth2(developer(dev)).contentType(ContentType.JSON)
                .body("{\"topup_id\":\"" + id + "\",\"account\":\"" + dev + "\",\"amount_tokens\":" + tokens + "}")
                .when().post("/v1/topups").then().statusCode(201);
        sandbox(id, "pay").body("state", equalTo("credited"));
        return id;
    }

    private io.restassured.response.ValidatableResponse sandbox(String topupId, String step) {
        return given().baseUri(wallet).auth().oauth2(admin("admin:bank")).when()
                .post("/v1/admin/sandbox/topups/" + topupId + "/" + step).then().statusCode(200);
    }

    private static void earn(String dev, long amount) {
        given().auth().oauth2(admin("admin:books")).contentType(ContentType.JSON).header("Idempotency-Key", key())
                .body("{\"developer_id\":\"" + dev + "\",\"amount\":" + amount + ",\"admin_note\":\"earned\"}")
                .when().post("/v1/admin/adjustments").then().statusCode(201);
    }

    private static io.restassured.response.ValidatableResponse requestPayout(String dev, long amount) {
        return given().auth().oauth2(developer(dev)).contentType(ContentType.JSON).header("Idempotency-Key", key())
                .body("{\"amount_tokens\":" + amount + "}")
                .when().post("/v1/developer/payouts").then();
    }

    @Test
    void aDeveloperWhoseTopUpWasTakenBackIsPaidNothingUntilItsDebtIsPaid() {
        String dev = newDeveloper();
        earn(dev, 5_000);
        String topup = topUp(dev, 29_000);
        given().auth().oauth2(developer(dev)).contentType(ContentType.JSON).header("Idempotency-Key", key())
                .body("{\"tier\":\"studio\"}").when().put("/v1/developer/tier").then().statusCode(200);
        long before = requestPayout(dev, 1_000).statusCode(201).extract().jsonPath().getLong("payout_id");

        // The card's payment is refunded outside the suite: the 29,000 go back, the wallet owes them.
        sandbox(topup, "refund");
        assertThat(Wallets.at(wallet).balance(dev)).isEqualTo(-29_000);

        requestPayout(dev, 1_000).statusCode(409).contentType("application/problem+json").body("code", equalTo("wallet_in_debt"));
        given().auth().oauth2(admin("admin:payer")).when().post("/v1/admin/payouts/" + before + "/approve")
                .then().statusCode(409).body("code", equalTo("wallet_in_debt"));
        given().auth().oauth2(developer(dev)).when().get("/v1/developer/earnings")
                .then().statusCode(200).body("paid_out", equalTo(0));

        // Paid back by the next top-up: payouts go on.
        topUp(dev, 29_000);
        assertThat(Wallets.at(wallet).balance(dev)).isZero();
        given().auth().oauth2(admin("admin:payer")).when().post("/v1/admin/payouts/" + before + "/approve")
                .then().statusCode(200).body("status", equalTo("approved"));
        requestPayout(dev, 1_000).statusCode(201);
    }

    /** A wallet that cannot be read pays nothing: 503, nothing requested. */
    @Test
    void noPayoutIsRequestedWhileTheWalletCannotBeRead() {
        String dev = newDeveloper();
        earn(dev, 2_000);
        walletClient.useBaseUri(java.net.URI.create("http://127.0.0.1:1"));
        try {
            requestPayout(dev, 1_000).statusCode(503).contentType("application/problem+json")
                    .body("code", equalTo("wallet_unavailable"));
        } finally {
            WalletPeer.start(walletClient);
        }
        // Nothing was requested: the whole 2,000 is still there to ask for.
        requestPayout(dev, 2_000).statusCode(201);
    }

    /** Only a developer's own wallet is read, and only by this service: the wallet refuses it any other account. */
    @Test
    void theWalletLetsThisServiceReadOnlyADevelopersWallet() {
        String dev = newDeveloper();
        Wallets.at(wallet).fund(dev, 700);
        assertThat(walletClient.balance(dev).await().indefinitely()).isEqualTo(700);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> walletClient.balance("user:someone").await().indefinitely())
                .isInstanceOf(com.platformeconomy.earnings.wallet.WalletRefusedException.class);
    }
}
