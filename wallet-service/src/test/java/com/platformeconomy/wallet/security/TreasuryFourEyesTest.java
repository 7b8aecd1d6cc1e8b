package com.platformeconomy.wallet.security;

import static com.platformeconomy.wallet.WalletApi.balance;
import static com.platformeconomy.wallet.WalletApi.newAdmin;
import static com.platformeconomy.wallet.WalletApi.newEventId;
import static com.platformeconomy.wallet.WalletApi.newUser;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.platformeconomy.stack.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * SPEC §10, four eyes on the treasury: one admin alone credits no more than its allowance
 * ({@code wallet.admin-credits.single-admin-daily-max}, 10,000 tokens in any 24 hours); a credit past
 * it waits (202) until a second admin sends the same request, and moves nothing before. Else one
 * admin could mint any amount to a user, who pays an accomplice's app, whose payout that admin approves.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class TreasuryFourEyesTest {

    private static final long ALLOWANCE = 10_000;

    private static ValidatableResponse credit(String admin, String account, String eventId, long amount, String reason) {
        return given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body("{\"event_id\":\"" + eventId + "\",\"amount\":" + amount + ",\"reason\":\"" + reason + "\"}")
                .when().post("/v1/wallets/" + account + "/credits").then();
    }

    @Test
    void oneAdminAloneCreditsNoMoreThanItsAllowanceAndASecondAdminConfirmsTheRest() {
        String first = newAdmin();
        String second = newAdmin();
        String user = newUser();
        String id = newEventId();

        credit(first, user, id, ALLOWANCE + 1, "goodwill").statusCode(202)
                .body("event_id", equalTo(id)).body("state", equalTo("awaiting_second_admin"))
                .body("amount", equalTo((int) ALLOWANCE + 1));
        assertThat(balance(user)).isZero();
        // A second admin sees what waits, and who proposed it.
        given().auth().oauth2(second).when().get("/v1/admin/credits").then().statusCode(200)
                .body("find { it.event_id == '" + id + "' }.proposed_by", org.hamcrest.Matchers.startsWith("admin:"))
                .body("find { it.event_id == '" + id + "' }.account", equalTo(user))
                .body("find { it.event_id == '" + id + "' }.amount", equalTo((int) ALLOWANCE + 1));
        given().auth().oauth2(com.platformeconomy.stack.TestTokens.mint(user, "user")).when().get("/v1/admin/credits")
                .then().statusCode(403);
        // The same admin again: still waiting, nothing moved.
        credit(first, user, id, ALLOWANCE + 1, "goodwill").statusCode(202);
        assertThat(balance(user)).isZero();
        // A second admin with another amount, account or reason does not confirm it.
        credit(second, user, id, ALLOWANCE + 2, "goodwill").statusCode(409).body("code", equalTo("event_id_reused"));
        credit(second, newUser(), id, ALLOWANCE + 1, "goodwill").statusCode(409).body("code", equalTo("event_id_reused"));
        credit(second, user, id, ALLOWANCE + 1, "other").statusCode(409).body("code", equalTo("event_id_reused"));
        assertThat(balance(user)).isZero();

        credit(second, user, id, ALLOWANCE + 1, "goodwill").statusCode(201).body("balance", equalTo((int) ALLOWANCE + 1));
        // Confirmed once: either admin again answers the first outcome and moves nothing.
        credit(second, user, id, ALLOWANCE + 1, "goodwill").statusCode(200).body("balance", equalTo((int) ALLOWANCE + 1));
        credit(first, user, id, ALLOWANCE + 1, "goodwill").statusCode(200).body("balance", equalTo((int) ALLOWANCE + 1));
        assertThat(balance(user)).isEqualTo(ALLOWANCE + 1);
        given().auth().oauth2(second).when().get("/v1/admin/credits").then().statusCode(200)
                .body("event_id", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(id)));
    }

    @Test
    void anAdminsCreditsAddUpAgainstItsAllowance() {
        String admin = newAdmin();
        String user = newUser();
        credit(admin, user, newEventId(), 6_000, "refund").statusCode(201);
        credit(admin, newUser(), newEventId(), 4_000, "refund").statusCode(201);
        // Split into small credits or spread over users, the allowance is the admin's.
        credit(admin, newUser(), newEventId(), 1, "refund").statusCode(202);
        credit(admin, user, newEventId(), 1, "refund").statusCode(202);
        assertThat(balance(user)).isEqualTo(6_000);
        // A credit another admin confirmed does not use the proposer's allowance, nor the confirmer's.
        String other = newAdmin();
        String id = newEventId();
        credit(admin, user, id, 9_000, "refund").statusCode(202);
        credit(other, user, id, 9_000, "refund").statusCode(201);
        credit(other, user, newEventId(), ALLOWANCE, "refund").statusCode(201);
        assertThat(balance(user)).isEqualTo(6_000 + 9_000 + ALLOWANCE);
    }

    @Test
    void creditsSentAtOnceByOneAdminStayWithinItsAllowance() throws Exception {
        String admin = newAdmin();
        String user = newUser();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(() -> credit(admin, user, newEventId(), 3_000, "race").extract().statusCode());
            }
            int credited = 0;
            for (Future<Integer> f : pool.invokeAll(calls)) {
                int status = f.get();
                assertThat(status).isIn(201, 202);
                credited += status == 201 ? 1 : 0;
            }
            assertThat(credited).isEqualTo(3);
            assertThat(balance(user)).isEqualTo(9_000);
        } finally {
            pool.shutdownNow();
        }
    }
}
