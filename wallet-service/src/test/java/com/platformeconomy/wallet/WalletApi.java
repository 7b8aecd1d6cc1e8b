package com.platformeconomy.wallet;

import static io.restassured.RestAssured.given;

import com.platformeconomy.contracts.event.EventIds;
import com.platformeconomy.stack.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * The wallet routes as tests call them, as an admin unless told otherwise: no service of the suite
 * credits or charges over HTTP (SPEC §10 names which service may call what; see
 * security/ServiceIdentityAttackTest).
 */
public final class WalletApi {

    public static final String PRIVILEGED = TestTokens.mint("admin:tests", "admin");

    private WalletApi() {
    }

    public static String newEventId() {
        return EventIds.uuidV7();
    }

    public static ValidatableResponse credit(String account, long amount) {
        return credit(account, newEventId(), amount);
    }

    public static ValidatableResponse credit(String account, String eventId, long amount) {
        return given().auth().oauth2(PRIVILEGED).contentType(ContentType.JSON)
                .body("{\"event_id\":\"" + eventId + "\",\"amount\":" + amount + ",\"reason\":\"test top-up\"}")
                .when().post("/v1/wallets/" + account + "/credits").then();
    }

    public static long balance(String account) {
        return given().auth().oauth2(PRIVILEGED).when().get("/v1/wallets/" + account)
                .then().statusCode(200).extract().jsonPath().getLong("balance");
    }

    public static long available(String account) {
        return given().auth().oauth2(PRIVILEGED).when().get("/v1/wallets/" + account)
                .then().statusCode(200).extract().jsonPath().getLong("available");
    }

    /** POST /v1/charges for a user's call to an app's tool, as an admin. */
    public static ValidatableResponse charge(String eventId, String user, String appId, String handler, boolean byollm) {
        return given().auth().oauth2(PRIVILEGED).contentType(ContentType.JSON)
                .body("{\"event_id\":\"" + eventId + "\",\"user_id\":\"" + user + "\",\"app_id\":\"" + appId
                        + "\",\"tool_name\":\"summarize\",\"handler\":\"" + handler + "\",\"byollm\":" + byollm + "}")
                .when().post("/v1/charges").then();
    }

    /** A fresh user account, so tests do not share wallets. */
    public static String newUser() {
        return "user:" + java.util.UUID.randomUUID().toString().substring(0, 12);
    }
}
