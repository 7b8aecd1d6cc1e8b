package com.platformeconomy.testkit.wallet;

import static io.restassured.RestAssured.given;

import com.platformeconomy.contracts.event.EventIds;
import com.platformeconomy.testkit.tokens.Tokens;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/**
 * A wallet-service's wallets as tests fund and read them, over its routes and as an admin: no
 * service of the suite credits over HTTP. {@link #local()} is the service under test (rest-assured's
 * default base URI); {@link #at} a wallet-service started elsewhere, e.g. a peer from its jar.
 */
public final class Wallets {

    /** The admin the wallet helpers act as. */
    public static final String ADMIN = "admin:tests";

    /** The admin that confirms {@link #ADMIN}'s treasury credits past its allowance. */
    public static final String SECOND_ADMIN = "admin:tests-second";

    private final String baseUri;
    private final String reason;

    private Wallets(String baseUri, String reason) {
        this.baseUri = baseUri;
        this.reason = reason;
    }

    /** The wallet-service under test; credits say "test top-up". */
    public static Wallets local() {
        return new Wallets(null, "test top-up");
    }

    /** The wallet-service at {@code url}; credits say "test funds". */
    public static Wallets at(String url) {
        return new Wallets(url, "test funds");
    }

    /** An admin token of {@link #ADMIN}, freshly signed. */
    public static String adminToken() {
        return Tokens.admin(ADMIN);
    }

    /** Credits {@code amount} tokens to {@code account} under a fresh event id; the response, unchecked. */
    public ValidatableResponse credit(String account, long amount) {
        return credit(account, EventIds.uuidV7(), amount);
    }

    /**
     * Credits {@code amount} tokens to {@code account} under {@code eventId}; the response, unchecked.
     * Past {@link #ADMIN}'s allowance of treasury credits the wallet waits for a second admin (202,
     * SPEC §10 four eyes): {@link #SECOND_ADMIN} then sends the same request, and its answer is returned.
     */
    public ValidatableResponse credit(String account, String eventId, long amount) {
        String body = "{\"event_id\":\"" + eventId + "\",\"amount\":" + amount + ",\"reason\":\"" + reason + "\"}";
        ValidatableResponse first = request(adminToken()).contentType(ContentType.JSON).body(body)
                .when().post("/v1/wallets/" + account + "/credits").then();
        if (first.extract().statusCode() != 202) {
            return first;
        }
        return request(Tokens.admin(SECOND_ADMIN)).contentType(ContentType.JSON).body(body)
                .when().post("/v1/wallets/" + account + "/credits").then();
    }

    /** Credits {@code amount} to {@code account} and checks it was taken (201). */
    public void fund(String account, long amount) {
        credit(account, amount).statusCode(201);
    }

    public long balance(String account) {
        return wallet(account).getLong("balance");
    }

    public long available(String account) {
        return wallet(account).getLong("available");
    }

    private io.restassured.path.json.JsonPath wallet(String account) {
        return request().when().get("/v1/wallets/" + account).then().statusCode(200).extract().jsonPath();
    }

    private RequestSpecification request() {
        return request(adminToken());
    }

    private RequestSpecification request(String token) {
        RequestSpecification spec = given();
        if (baseUri != null) {
            spec = spec.baseUri(baseUri);
        }
        return spec.auth().oauth2(token);
    }
}
