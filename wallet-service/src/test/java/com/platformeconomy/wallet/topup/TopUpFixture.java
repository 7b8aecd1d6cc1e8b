package com.platformeconomy.wallet.topup;

import static com.platformeconomy.wallet.WalletApi.PRIVILEGED;
import static io.restassured.RestAssured.given;

import com.platformeconomy.stack.TestTokens;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.UUID;
import java.util.function.Supplier;

/** Top-up requests as the tests make them, and a look at (and a hand on) the saga's row. */
final class TopUpFixture {

    private TopUpFixture() {
    }

    static String newTopUp() {
        return "tu-" + UUID.randomUUID();
    }

    /** POST /v1/topups as the account's own user. */
    static ValidatableResponse askAsOwner(String topupId, String account, long amount) {
        return ask(TestTokens.mint(account, "user"), topupId, account, amount);
    }

    static ValidatableResponse ask(String token, String topupId, String account, long amount) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"topup_id\":\"" + topupId + "\",\"account\":\"" + account + "\",\"amount_tokens\":" + amount + "}")
                .when().post("/v1/topups").then();
    }

    static String state(String topupId) {
        return read(topupId).extract().jsonPath().getString("state");
    }

    /** GET /v1/topups/{id} as an admin: the saga's state, its chargeback and refunds. */
    static ValidatableResponse read(String topupId) {
        return given().auth().oauth2(PRIVILEGED).when().get("/v1/topups/" + topupId).then().statusCode(200);
    }

    /** The user spends {@code tokens} of their wallet (a debit of their own). */
    static void spend(String user, long tokens) {
        given().auth().oauth2(TestTokens.mint(user, "user")).contentType(ContentType.JSON)
                .body("{\"event_id\":\"" + com.platformeconomy.wallet.WalletApi.newEventId() + "\",\"amount\":" + tokens
                        + ",\"category\":\"api_usage\",\"reason\":\"calls\"}")
                .when().post("/v1/wallets/" + user + "/debits").then().statusCode(201);
    }

    /** What a crash leaves behind: the saga at {@code state}, due for recovery now. */
    static void crashedAt(String topupId, String state) {
        onVertx(() -> Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                        "UPDATE topups SET state = :state, next_attempt_at = now() - interval '1 second' WHERE topup_id = :id")
                .setParameter("state", state).setParameter("id", topupId).executeUpdate())));
    }

    /** Makes a saga due for recovery now (its back-off or payment timeout elapsed). */
    static void due(String topupId) {
        set(topupId, "next_attempt_at = now() - interval '1 second'");
    }

    /** Sets columns of a saga's row as time or a failure would have left them ({@code assignments}: SQL, the test's own). */
    static void set(String topupId, String assignments) {
        onVertx(() -> Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                        "UPDATE topups SET " + assignments + " WHERE topup_id = :id")
                .setParameter("id", topupId).executeUpdate())));
    }

    static <T> T onVertx(Supplier<io.smallrye.mutiny.Uni<T>> work) {
        try {
            return io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(work);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
