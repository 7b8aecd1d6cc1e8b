package com.platformeconomy.earnings.payout;

import static com.platformeconomy.earnings.Fixtures.key;
import static com.platformeconomy.earnings.Fixtures.newDeveloper;
import static com.platformeconomy.testkit.tokens.Tokens.admin;
import static com.platformeconomy.testkit.tokens.Tokens.developer;
import static com.platformeconomy.testkit.tokens.Tokens.mint;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.platformeconomy.contracts.identity.Roles;
import com.platformeconomy.stack.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/**
 * SPEC §10, four eyes: an admin who is also a developer decides nothing on its own money (its
 * payouts, its adjustments, its tier); another admin does, and the payout names who decided it.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class OwnMoneyTest {

    private static String adjustment(String dev, long amount) {
        return "{\"developer_id\":\"" + dev + "\",\"amount\":" + amount + ",\"admin_note\":\"opening\"}";
    }

    @Test
    void anAdminWhoIsTheDeveloperDecidesNothingOnItsOwnMoney() {
        String dev = newDeveloper();
        String both = mint(dev, Roles.DEVELOPER, Roles.ADMIN);

        given().auth().oauth2(both).contentType(ContentType.JSON).header("Idempotency-Key", key()).body(adjustment(dev, 1_000_000))
                .when().post("/v1/admin/adjustments")
                .then().statusCode(403).contentType("application/problem+json").body("detail", containsString("another admin"));
        given().auth().oauth2(both).contentType(ContentType.JSON)
                .body("{\"developer_id\":\"" + dev + "\",\"tier\":\"partner\"}")
                .when().put("/v1/developer/tier")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(developer(dev)).when().get("/v1/developer/tier").then().statusCode(200).body("tier", equalTo("explorer"));

        given().auth().oauth2(admin()).contentType(ContentType.JSON).header("Idempotency-Key", key()).body(adjustment(dev, 1000))
                .when().post("/v1/admin/adjustments").then().statusCode(201);
        long payout = given().auth().oauth2(both).contentType(ContentType.JSON).header("Idempotency-Key", key())
                .body("{\"amount_tokens\":400}")
                .when().post("/v1/developer/payouts").then().statusCode(201).extract().jsonPath().getLong("payout_id");

        for (String decision : new String[] {"approve", "reject"}) {
            given().auth().oauth2(both).when().post("/v1/admin/payouts/" + payout + "/" + decision)
                    .then().statusCode(403).contentType("application/problem+json");
        }
        given().auth().oauth2(admin("admin:second")).when().post("/v1/admin/payouts/" + payout + "/approve")
                .then().statusCode(200).body("status", equalTo("approved")).body("decided_by", equalTo("admin:second"));
        given().auth().oauth2(both).when().post("/v1/admin/payouts/" + payout + "/paid")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(admin()).when().post("/v1/admin/payouts/" + payout + "/paid")
                .then().statusCode(200).body("status", equalTo("paid"))
                .body("decided_by", equalTo("admin:second")).body("paid_by", equalTo("admin:ops"));
    }

    /**
     * Four eyes across two steps: an admin who booked a developer's positive adjustment does not
     * approve a payout that only that adjustment covers. Before, one admin could book +N for an
     * accomplice's account, and approve and pay its payout of N: made-up tokens paid out by one person.
     */
    @Test
    void anAdminDoesNotApproveAPayoutThatOnlyItsOwnAdjustmentCovers() {
        String dev = newDeveloper();
        given().auth().oauth2(admin()).contentType(ContentType.JSON).header("Idempotency-Key", key()).body(adjustment(dev, 1000))
                .when().post("/v1/admin/adjustments").then().statusCode(201);
        long payout = given().auth().oauth2(developer(dev)).contentType(ContentType.JSON).header("Idempotency-Key", key())
                .body("{\"amount_tokens\":1000}")
                .when().post("/v1/developer/payouts").then().statusCode(201).extract().jsonPath().getLong("payout_id");

        given().auth().oauth2(admin()).when().post("/v1/admin/payouts/" + payout + "/approve")
                .then().statusCode(403).contentType("application/problem+json").body("code", equalTo("forbidden"))
                .body("detail", containsString("another admin"));
        // Still requested: another admin approves it.
        given().auth().oauth2(admin("admin:second")).when().post("/v1/admin/payouts/" + payout + "/approve")
                .then().statusCode(200).body("status", equalTo("approved")).body("decided_by", equalTo("admin:second"));

        // A payout covered without the admin's own credit (another admin's adjustment) it may approve.
        given().auth().oauth2(admin("admin:second")).contentType(ContentType.JSON).header("Idempotency-Key", key())
                .body(adjustment(dev, 500)).when().post("/v1/admin/adjustments").then().statusCode(201);
        long second = given().auth().oauth2(developer(dev)).contentType(ContentType.JSON).header("Idempotency-Key", key())
                .body("{\"amount_tokens\":500}")
                .when().post("/v1/developer/payouts").then().statusCode(201).extract().jsonPath().getLong("payout_id");
        given().auth().oauth2(admin("admin:second")).when().post("/v1/admin/payouts/" + second + "/approve")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(admin()).when().post("/v1/admin/payouts/" + second + "/approve")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(admin("admin:third")).when().post("/v1/admin/payouts/" + second + "/approve")
                .then().statusCode(200).body("status", equalTo("approved"));
    }

    @Test
    void anAdminWhoIsTheDeveloperDoesNotApproveItsOwnApp() {
        String dev = newDeveloper();
        String app = com.platformeconomy.earnings.Fixtures.newAppId();
        String both = mint(dev, Roles.DEVELOPER, Roles.ADMIN);
        given().auth().oauth2(both).contentType(ContentType.JSON)
                .body("{\"app_id\":\"" + app + "\",\"name\":\"Mine\",\"pricing_model\":\"paid\",\"base_price\":500}")
                .when().post("/v1/developer/apps").then().statusCode(201);
        given().auth().oauth2(both).when().post("/v1/developer/apps/" + app + "/submit").then().statusCode(200);
        given().auth().oauth2(both).when().post("/v1/admin/apps/" + app + "/approve")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(admin()).when().post("/v1/admin/apps/" + app + "/approve")
                .then().statusCode(200).body("status", equalTo("active"));
    }
    /**
     * Four eyes between approving and paying: the admin that approved a payout does not mark it paid.
     * Adjustments are not the only way one admin makes a developer's earnings (it may charge users for
     * an accomplice's app, or credit the accomplice's user account from the treasury and let it buy
     * calls): were it to approve and pay alone, it would turn them into USD by itself.
     */
    @Test
    void theAdminThatApprovedAPayoutDoesNotMarkItPaid() {
        String dev = newDeveloper();
        given().auth().oauth2(admin("admin:books")).contentType(ContentType.JSON).header("Idempotency-Key", key())
                .body(adjustment(dev, 1000)).when().post("/v1/admin/adjustments").then().statusCode(201);
        long payout = given().auth().oauth2(developer(dev)).contentType(ContentType.JSON).header("Idempotency-Key", key())
                .body("{\"amount_tokens\":400}")
                .when().post("/v1/developer/payouts").then().statusCode(201).extract().jsonPath().getLong("payout_id");
        given().auth().oauth2(admin()).when().post("/v1/admin/payouts/" + payout + "/approve")
                .then().statusCode(200).body("decided_by", equalTo("admin:ops"));
        given().auth().oauth2(admin()).when().post("/v1/admin/payouts/" + payout + "/paid")
                .then().statusCode(403).contentType("application/problem+json").body("detail", containsString("another admin"));
        given().auth().oauth2(admin("admin:treasurer")).when().post("/v1/admin/payouts/" + payout + "/paid")
                .then().statusCode(200).body("status", equalTo("paid"))
                .body("decided_by", equalTo("admin:ops")).body("paid_by", equalTo("admin:treasurer"));
    }
    /**
     * An admin may charge users for an app it does not develop, and the developer share of those
     * charges is the developer's earnings: the admin that made them does not approve the payout they
     * alone cover, as it does not approve one its own adjustment covers. The wallet names the admin on
     * the charge's event (its {@code actor}); a user's own call names nobody.
     */
    @Test
    void anAdminDoesNotApproveAPayoutThatOnlyChargesItMadeCover() {
        String dev = newDeveloper();
        String app = com.platformeconomy.earnings.Fixtures.newAppId();
        String charger = "admin:charger-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        java.util.List<String> events = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            events.add(com.platformeconomy.earnings.Fixtures.encode(com.platformeconomy.earnings.Fixtures.charge(
                    com.platformeconomy.contracts.event.EventIds.uuidV7(), "user:victim", app, dev, false, 100, 95, 5).withActor(charger)));
        }
        events.add(com.platformeconomy.earnings.Fixtures.encode(com.platformeconomy.earnings.Fixtures.charge(
                com.platformeconomy.contracts.event.EventIds.uuidV7(), "user:own", app, dev, false, 100, 95, 5)));
        com.platformeconomy.earnings.Fixtures.publish(events);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).untilAsserted(() ->
                given().auth().oauth2(developer(dev)).when().get("/v1/developer/earnings")
                        .then().statusCode(200).body("total_earnings", equalTo(1045)));

        long payout = given().auth().oauth2(developer(dev)).contentType(ContentType.JSON).header("Idempotency-Key", key())
                .body("{\"amount_tokens\":1000}")
                .when().post("/v1/developer/payouts").then().statusCode(201).extract().jsonPath().getLong("payout_id");
        given().auth().oauth2(admin(charger)).when().post("/v1/admin/payouts/" + payout + "/approve")
                .then().statusCode(403).contentType("application/problem+json").body("detail", containsString("another admin"));
        given().auth().oauth2(admin("admin:second")).when().post("/v1/admin/payouts/" + payout + "/approve")
                .then().statusCode(200).body("status", equalTo("approved"));
    }
}
