package com.platformeconomy.wallet;

import static io.restassured.RestAssured.given;

import com.platformeconomy.contracts.event.EventIds;
import com.platformeconomy.testkit.wallet.Wallets;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * The wallet routes as tests call them (funding and balances from the test kit's {@link Wallets}),
 * as an admin unless told otherwise: no service of the suite
 * credits or charges over HTTP (SPEC §10 names which service may call what; see
 * security/ServiceIdentityAttackTest).
 */
public final class WalletApi {

    public static final String PRIVILEGED = Wallets.adminToken();

    private WalletApi() {
    }

    /**
     * A token of an admin never seen before: its treasury credits start a fresh allowance (SPEC §10
     * four eyes), so a test crediting raw, not through {@link Wallets}, is answered 201, not 202.
     */
    public static String newAdmin() {
        return com.platformeconomy.stack.TestTokens.mint("admin:" + java.util.UUID.randomUUID(), "admin");
    }

    public static String newEventId() {
        return EventIds.uuidV7();
    }

    private static final Wallets WALLETS = Wallets.local();

    public static ValidatableResponse credit(String account, long amount) {
        return WALLETS.credit(account, amount);
    }

    public static ValidatableResponse credit(String account, String eventId, long amount) {
        return WALLETS.credit(account, eventId, amount);
    }

    public static long balance(String account) {
        return WALLETS.balance(account);
    }

    public static long available(String account) {
        return WALLETS.available(account);
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
