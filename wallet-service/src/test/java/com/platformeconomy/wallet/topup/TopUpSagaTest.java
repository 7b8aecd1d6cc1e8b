package com.platformeconomy.wallet.topup;

import static com.platformeconomy.wallet.WalletApi.SERVICE;
import static com.platformeconomy.wallet.WalletApi.balance;
import static com.platformeconomy.wallet.WalletApi.newUser;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.platformeconomy.stack.LocalStackResource;
import com.platformeconomy.stack.TestTokens;
import com.platformeconomy.wallet.topup.SagaFaults.Point;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** One test per failure point of the top-up saga: money is captured once, credited once, or refunded. */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class TopUpSagaTest {

    @Inject
    SagaFaults faults;
    @Inject
    TopUpSaga saga;

    private static ValidatableResponse topUp(String topupId, String account, long amount) {
        return given().auth().oauth2(SERVICE).contentType(ContentType.JSON)
                .body("{\"topup_id\":\"" + topupId + "\",\"account\":\"" + account + "\",\"amount_tokens\":" + amount + "}")
                .when().post("/v1/topups").then();
    }

    private static String state(String topupId) {
        return given().auth().oauth2(SERVICE).when().get("/v1/topups/" + topupId)
                .then().statusCode(200).extract().jsonPath().getString("state");
    }

    /** What the sandbox gateway recorded: [captured, refunded] counts for this top-up. */
    private long[] payments(String topupId) {
        Object[] row = onVertx(() -> Panache.withSession(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                        "SELECT count(*), count(refunded_at) FROM sandbox_payments WHERE payment_id = :id", Object[].class)
                .setParameter("id", topupId).getSingleResult())));
        return new long[] {((Number) row[0]).longValue(), ((Number) row[1]).longValue()};
    }

    /** What a restarted service does: finish or compensate every unfinished saga. */
    private void recover() {
        onVertx(() -> saga.recover(java.time.Duration.ZERO));
    }

    private static <T> T onVertx(java.util.function.Supplier<io.smallrye.mutiny.Uni<T>> work) {
        try {
            return io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(work);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static String newTopUp() {
        return "tu-" + UUID.randomUUID();
    }

    @Test
    void aTopUpCapturesThenCreditsOnceAndAReplayChangesNothing() {
        String user = newUser();
        String id = newTopUp();
        topUp(id, user, 500).statusCode(201).body("state", equalTo("credited"));
        topUp(id, user, 500).statusCode(200).body("state", equalTo("credited"));
        topUp(id, user, 501).statusCode(409).body("code", equalTo("topup_id_reused"));
        recover();
        assertThat(balance(user)).isEqualTo(500);
        assertThat(payments(id)).containsExactly(1, 0);
    }

    @Test
    void aDeclinedCaptureFailsAndCreditsNothing() {
        String user = newUser();
        String id = newTopUp();
        faults.failNext(Point.CAPTURE);
        topUp(id, user, 500).statusCode(201).body("state", equalTo("failed"));
        recover();
        assertThat(balance(user)).isZero();
        assertThat(payments(id)).containsExactly(0, 0);
    }

    @Test
    void aCrashRightAfterTheCaptureIsFinishedOnRecoveryWithoutASecondCapture() {
        String user = newUser();
        String id = newTopUp();
        faults.failNext(Point.AFTER_CAPTURE);
        topUp(id, user, 500).statusCode(500);
        assertThat(state(id)).isEqualTo("requested");
        assertThat(payments(id)).containsExactly(1, 0);

        recover();
        assertThat(state(id)).isEqualTo("credited");
        assertThat(balance(user)).isEqualTo(500);
        assertThat(payments(id)).containsExactly(1, 0);
    }

    @Test
    void aCreditThatCannotBeMadeIsCompensatedByARefundAndCanNeverLandLater() {
        String user = newUser();
        String id = newTopUp();
        faults.failNext(Point.CREDIT);
        topUp(id, user, 500).statusCode(201).body("state", equalTo("refunded"));
        assertThat(balance(user)).isZero();
        assertThat(payments(id)).containsExactly(1, 1);

        // The credit's event id is a suite id no route accepts, and it is void in Redis: no late
        // retry of the credit can add the tokens.
        given().auth().oauth2(SERVICE).contentType(ContentType.JSON)
                .body("{\"event_id\":\"" + com.platformeconomy.contracts.event.SuiteIds.topUpCredit(id)
                        + "\",\"amount\":500,\"reason\":\"top-up\"}")
                .when().post("/v1/wallets/" + user + "/credits")
                .then().statusCode(400);
        assertThat(balance(user)).isZero();
    }

    @Test
    void aRefusedRefundIsRetriedOnRecovery() {
        String user = newUser();
        String id = newTopUp();
        faults.failNext(Point.CREDIT);
        faults.failNext(Point.REFUND);
        topUp(id, user, 500).statusCode(500);
        assertThat(state(id)).isEqualTo("compensating");
        assertThat(payments(id)).containsExactly(1, 0);

        recover();
        recover();
        assertThat(state(id)).isEqualTo("refunded");
        assertThat(payments(id)).containsExactly(1, 1);
        assertThat(balance(user)).isZero();
    }

    @Test
    void aUserTopsUpOnlyTheirOwnWallet() {
        String user = newUser();
        given().auth().oauth2(TestTokens.mint(user, "user")).contentType(ContentType.JSON)
                .body("{\"topup_id\":\"" + newTopUp() + "\",\"account\":\"" + newUser() + "\",\"amount_tokens\":5}")
                .when().post("/v1/topups").then().statusCode(403);
        given().auth().oauth2(TestTokens.mint(user, "user")).contentType(ContentType.JSON)
                .body("{\"topup_id\":\"" + newTopUp() + "\",\"account\":\"" + user + "\",\"amount_tokens\":5}")
                .when().post("/v1/topups").then().statusCode(201).body("state", equalTo("credited"));
        given().auth().oauth2(SERVICE).contentType(ContentType.JSON)
                .body("{\"topup_id\":\"" + newTopUp() + "\",\"account\":\"" + user + "\",\"amount_tokens\":-5}")
                .when().post("/v1/topups").then().statusCode(400);
        assertThat(balance(user)).isEqualTo(5);
    }
}
