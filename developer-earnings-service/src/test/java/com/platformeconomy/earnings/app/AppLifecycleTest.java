package com.platformeconomy.earnings.app;

import static com.platformeconomy.earnings.Fixtures.newAppId;
import static com.platformeconomy.earnings.Fixtures.newDeveloper;
import static com.platformeconomy.testkit.tokens.Tokens.admin;
import static com.platformeconomy.testkit.tokens.Tokens.developer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.platformeconomy.contracts.event.AppCatalogEntry;
import com.platformeconomy.contracts.event.EventCodec;
import com.platformeconomy.contracts.event.Topics;
import com.platformeconomy.stack.KafkaClients;
import com.platformeconomy.stack.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** draft → pending_review → active ⇄ suspended; the split fixed at approval; every change on app.catalog. */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class AppLifecycleTest {

    private static void create(String dev, String app, long basePrice) {
        given().auth().oauth2(developer(dev)).contentType(ContentType.JSON)
                .body("{\"app_id\":\"" + app + "\",\"name\":\"Search\",\"pricing_model\":\"paid\",\"base_price\":" + basePrice + "}")
                .when().post("/v1/developer/apps").then().statusCode(201);
    }

    private static Map<String, Object> get(String dev, String app) {
        return given().auth().oauth2(developer(dev)).when().get("/v1/developer/apps/" + app)
                .then().statusCode(200).extract().jsonPath().getMap("$");
    }

    @Test
    void approvalFixesTheExplorerSplitSevenTokensFourThree() {
        String dev = newDeveloper();
        String app = newAppId();
        create(dev, app, 5);
        given().auth().oauth2(developer(dev)).when().post("/v1/developer/apps/" + app + "/submit")
                .then().statusCode(200).body("status", equalTo("pending_review")).body("revenue_split_dev", nullValue());
        given().auth().oauth2(admin()).when().post("/v1/admin/apps/" + app + "/approve")
                .then().statusCode(200)
                .body("status", equalTo("active"))
                .body("revenue_split_dev", equalTo(70))
                .body("total_cost", equalTo(7))
                .body("developer_share", equalTo(4))
                .body("platform_share", equalTo(3));
    }

    /**
     * SPEC §10, four eyes: an admin grants a tier for nothing (partner, or indie and studio unpaid), and an app's
     * approval fixes its split from the tier in force. One admin alone doing both sets a developer's share at 95 %
     * of every charge for good; the approval of an app at a tier its approver granted is another admin's.
     */
    @Test
    void anAdminDoesNotApproveAnAppAtATierItGranted() {
        String dev = newDeveloper();
        String app = newAppId();
        String granter = admin("admin:granter");
        given().auth().oauth2(granter).contentType(ContentType.JSON)
                .body("{\"tier\":\"partner\",\"developer_id\":\"" + dev + "\"}")
                .when().put("/v1/developer/tier").then().statusCode(200).body("revenue_split_dev", equalTo(95));
        create(dev, app, 5);
        given().auth().oauth2(developer(dev)).when().post("/v1/developer/apps/" + app + "/submit").then().statusCode(200);

        given().auth().oauth2(granter).when().post("/v1/admin/apps/" + app + "/approve")
                .then().statusCode(403).contentType("application/problem+json")
                .body("code", equalTo("forbidden")).body("detail", containsString("another admin"));
        assertThat(get(dev, app)).containsEntry("status", "pending_review");

        given().auth().oauth2(admin("admin:reviewer")).when().post("/v1/admin/apps/" + app + "/approve")
                .then().statusCode(200).body("status", equalTo("active")).body("revenue_split_dev", equalTo(95));
    }

    @Test
    void aTierChangeLeavesAnActiveAppsSplitAloneUntilItIsEditedAndApprovedAgain() {
        String dev = newDeveloper();
        String app = newAppId();
        create(dev, app, 5);
        given().auth().oauth2(developer(dev)).when().post("/v1/developer/apps/" + app + "/submit").then().statusCode(200);
        given().auth().oauth2(admin()).when().post("/v1/admin/apps/" + app + "/approve").then().statusCode(200);

        // An admin promotes the developer (buying a tier is tested against the real wallet in TierPurchaseTest).
        // Another admin than the approver grants it (four eyes: anAdminDoesNotApproveAnAppAtATierItGranted).
        given().auth().oauth2(admin("admin:tiers")).contentType(ContentType.JSON)
                .body("{\"tier\":\"partner\",\"developer_id\":\"" + dev + "\"}")
                .when().put("/v1/developer/tier").then().statusCode(200).body("tier", equalTo("partner"))
                .body("revenue_split_dev", equalTo(95));
        assertThat(get(dev, app)).containsEntry("revenue_split_dev", 70).containsEntry("status", "active");

        // Active: pricing cannot change, and the refusal names the state.
        given().auth().oauth2(developer(dev)).contentType(ContentType.JSON).body("{\"base_price\":6}")
                .when().patch("/v1/developer/apps/" + app)
                .then().statusCode(409).contentType("application/problem+json")
                .body("code", equalTo("invalid_app_state")).body("detail", containsString("is active"));

        given().auth().oauth2(developer(dev)).when().post("/v1/developer/apps/" + app + "/pause")
                .then().statusCode(200).body("status", equalTo("suspended"));
        given().auth().oauth2(developer(dev)).contentType(ContentType.JSON).body("{\"base_price\":8}")
                .when().patch("/v1/developer/apps/" + app)
                .then().statusCode(200).body("base_price", equalTo(8)).body("revenue_split_dev", equalTo(70));
        assertThat(get(dev, app)).containsEntry("revenue_split_dev", 70);
        given().auth().oauth2(developer(dev)).when().post("/v1/developer/apps/" + app + "/submit").then().statusCode(200);
        given().auth().oauth2(admin()).when().post("/v1/admin/apps/" + app + "/approve")
                .then().statusCode(200).body("revenue_split_dev", equalTo(95))
                .body("total_cost", equalTo(10)).body("developer_share", equalTo(9)).body("platform_share", equalTo(1));
    }

    /**
     * SPEC §4: a tier change alters an approved app's split only once the app is edited and approved
     * again. A pause and an approval without an edit (by the developer or an admin, submitted for
     * review or not) is not that: the split stays what the first approval fixed (here the tier went up
     * since: no higher share without a review; a lapsed tier is the same rule, not exercised here).
     */
    @Test
    void aPauseAndApprovalWithoutAnEditKeepsTheSplit() {
        String dev = newDeveloper();
        String app = newAppId();
        create(dev, app, 5);
        given().auth().oauth2(developer(dev)).when().post("/v1/developer/apps/" + app + "/submit").then().statusCode(200);
        given().auth().oauth2(admin()).when().post("/v1/admin/apps/" + app + "/approve").then().statusCode(200)
                .body("revenue_split_dev", equalTo(70));
        // Another admin than the approver grants it (four eyes: anAdminDoesNotApproveAnAppAtATierItGranted).
        given().auth().oauth2(admin("admin:tiers")).contentType(ContentType.JSON)
                .body("{\"tier\":\"partner\",\"developer_id\":\"" + dev + "\"}")
                .when().put("/v1/developer/tier").then().statusCode(200).body("revenue_split_dev", equalTo(95));

        // Paused and approved again straight away, then paused, submitted without an edit and approved.
        given().auth().oauth2(developer(dev)).when().post("/v1/developer/apps/" + app + "/pause").then().statusCode(200);
        given().auth().oauth2(admin()).when().post("/v1/admin/apps/" + app + "/approve")
                .then().statusCode(200).body("status", equalTo("active")).body("revenue_split_dev", equalTo(70))
                .body("total_cost", equalTo(7)).body("developer_share", equalTo(4)).body("platform_share", equalTo(3));
        given().auth().oauth2(admin()).when().post("/v1/developer/apps/" + app + "/pause").then().statusCode(200);
        given().auth().oauth2(developer(dev)).when().post("/v1/developer/apps/" + app + "/submit").then().statusCode(200);
        given().auth().oauth2(admin()).when().post("/v1/admin/apps/" + app + "/approve")
                .then().statusCode(200).body("revenue_split_dev", equalTo(70));
        assertThat(get(dev, app)).containsEntry("revenue_split_dev", 70).containsEntry("status", "active");

        // Edited (paused first), submitted and approved: now the tier of that moment.
        given().auth().oauth2(developer(dev)).when().post("/v1/developer/apps/" + app + "/pause").then().statusCode(200);
        given().auth().oauth2(developer(dev)).contentType(ContentType.JSON).body("{\"base_price\":8}")
                .when().patch("/v1/developer/apps/" + app).then().statusCode(200);
        given().auth().oauth2(developer(dev)).when().post("/v1/developer/apps/" + app + "/submit").then().statusCode(200);
        given().auth().oauth2(admin()).when().post("/v1/admin/apps/" + app + "/approve")
                .then().statusCode(200).body("revenue_split_dev", equalTo(95));
    }

    /**
     * SPEC §10 (four eyes, as for payouts): an admin who changed an app's pricing, name or fee since its
     * last approval does not approve it; another admin reviews what it set. Without this one admin paused
     * a developer's live app, repriced it (or set its fee to 0), submitted and approved it alone, and
     * users were billed at a price nobody else had looked at.
     */
    @Test
    void anAdminDoesNotApproveAnAppItEditedSinceItsLastApproval() {
        String dev = newDeveloper();
        String app = newAppId();
        create(dev, app, 5);
        given().auth().oauth2(developer(dev)).when().post("/v1/developer/apps/" + app + "/submit").then().statusCode(200);
        given().auth().oauth2(admin("admin:reviewer")).when().post("/v1/admin/apps/" + app + "/approve").then().statusCode(200);

        String ops = admin("admin:ops");
        given().auth().oauth2(ops).when().post("/v1/developer/apps/" + app + "/pause").then().statusCode(200);
        given().auth().oauth2(ops).contentType(ContentType.JSON).body("{\"base_price\":500,\"platform_fee\":0}")
                .when().patch("/v1/developer/apps/" + app).then().statusCode(200);
        given().auth().oauth2(ops).when().post("/v1/developer/apps/" + app + "/submit").then().statusCode(200);
        given().auth().oauth2(ops).when().post("/v1/admin/apps/" + app + "/approve")
                .then().statusCode(403).contentType("application/problem+json").body("code", equalTo("forbidden"))
                .body("detail", containsString("edited"));
        assertThat(get(dev, app)).containsEntry("status", "pending_review").containsEntry("base_price", 500);

        // Another admin reviews it; its approval clears the mark, so the next cycle starts afresh.
        given().auth().oauth2(admin("admin:reviewer")).when().post("/v1/admin/apps/" + app + "/approve")
                .then().statusCode(200).body("status", equalTo("active"));
        given().auth().oauth2(ops).when().post("/v1/developer/apps/" + app + "/pause").then().statusCode(200);
        given().auth().oauth2(ops).when().post("/v1/admin/apps/" + app + "/approve").then().statusCode(200);

        // Two admins editing one cycle: neither approves; a third does. The developer's own edit marks no admin.
        given().auth().oauth2(ops).when().post("/v1/developer/apps/" + app + "/pause").then().statusCode(200);
        given().auth().oauth2(ops).contentType(ContentType.JSON).body("{\"name\":\"Renamed\"}")
                .when().patch("/v1/developer/apps/" + app).then().statusCode(200);
        given().auth().oauth2(admin("admin:reviewer")).contentType(ContentType.JSON).body("{\"platform_fee\":1}")
                .when().patch("/v1/developer/apps/" + app).then().statusCode(200);
        given().auth().oauth2(developer(dev)).contentType(ContentType.JSON).body("{\"base_price\":6}")
                .when().patch("/v1/developer/apps/" + app).then().statusCode(200);
        given().auth().oauth2(developer(dev)).when().post("/v1/developer/apps/" + app + "/submit").then().statusCode(200);
        given().auth().oauth2(ops).when().post("/v1/admin/apps/" + app + "/approve").then().statusCode(403);
        given().auth().oauth2(admin("admin:reviewer")).when().post("/v1/admin/apps/" + app + "/approve").then().statusCode(403);
        given().auth().oauth2(admin("admin:third")).when().post("/v1/admin/apps/" + app + "/approve")
                .then().statusCode(200).body("base_price", equalTo(6)).body("platform_fee", equalTo(1));
    }

    @Test
    void disallowedTransitionsAre409NamingTheCurrentStateAndChangeNothing() {
        String dev = newDeveloper();
        String app = newAppId();
        create(dev, app, 5);
        given().auth().oauth2(admin()).when().post("/v1/admin/apps/" + app + "/approve")
                .then().statusCode(409).contentType("application/problem+json").body("detail", containsString("is draft"));
        given().auth().oauth2(developer(dev)).when().post("/v1/developer/apps/" + app + "/pause")
                .then().statusCode(409).body("detail", containsString("is draft"));
        given().auth().oauth2(developer(dev)).when().post("/v1/developer/apps/" + app + "/submit").then().statusCode(200);
        given().auth().oauth2(developer(dev)).when().post("/v1/developer/apps/" + app + "/submit")
                .then().statusCode(409).body("detail", containsString("is pending_review"));
        given().auth().oauth2(admin()).when().post("/v1/admin/apps/" + app + "/approve").then().statusCode(200);
        given().auth().oauth2(admin()).when().post("/v1/admin/apps/" + app + "/approve")
                .then().statusCode(409).body("detail", containsString("is active"));
        given().auth().oauth2(developer(dev)).when().post("/v1/developer/apps/" + app + "/submit")
                .then().statusCode(409).body("detail", containsString("is active"));
        // An admin pauses too; only approval makes it active again.
        given().auth().oauth2(admin()).when().post("/v1/developer/apps/" + app + "/pause")
                .then().statusCode(200).body("status", equalTo("suspended"));
        given().auth().oauth2(admin()).when().post("/v1/admin/apps/" + app + "/approve")
                .then().statusCode(200).body("status", equalTo("active"));
        assertThat(get(dev, app)).containsEntry("status", "active").containsEntry("base_price", 5);
    }

    @Test
    void onlyTheOwnerEditsAndOnlyAnAdminApprovesOrSetsTheFee() {
        String dev = newDeveloper();
        String app = newAppId();
        create(dev, app, 5);
        String other = newDeveloper();
        given().auth().oauth2(developer(other)).contentType(ContentType.JSON).body("{\"base_price\":1}")
                .when().patch("/v1/developer/apps/" + app).then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(developer(other)).when().post("/v1/developer/apps/" + app + "/submit").then().statusCode(404);
        given().auth().oauth2(developer(dev)).when().post("/v1/admin/apps/" + app + "/approve").then().statusCode(403);
        given().auth().oauth2(developer(dev)).contentType(ContentType.JSON).body("{\"platform_fee\":0}")
                .when().patch("/v1/developer/apps/" + app).then().statusCode(403);
        given().auth().oauth2(admin()).contentType(ContentType.JSON).body("{\"platform_fee\":3}")
                .when().patch("/v1/developer/apps/" + app).then().statusCode(200).body("platform_fee", equalTo(3));
        given().auth().oauth2(developer(dev)).contentType(ContentType.JSON).body("{\"pricing_model\":\"free\"}")
                .when().patch("/v1/developer/apps/" + app).then().statusCode(200)
                .body("base_price", equalTo(0)).body("platform_fee", equalTo(0));
        // Back to paid: the admin's fee for this app still holds.
        given().auth().oauth2(developer(dev)).contentType(ContentType.JSON).body("{\"pricing_model\":\"paid\",\"base_price\":4}")
                .when().patch("/v1/developer/apps/" + app).then().statusCode(200).body("platform_fee", equalTo(3));
        given().auth().oauth2(admin()).when().post("/v1/admin/apps/no-such-app/approve").then().statusCode(404);
    }

    @Test
    void badInputIsRefusedAsProblemJsonAndChangesNothing() {
        String dev = newDeveloper();
        String app = newAppId();
        create(dev, app, 5);
        for (String bad : List.of("{}", "{\"base_price\":-1}", "{\"base_price\":1.5}", "{\"base_price\":\"7\"}",
                "{\"pricing_model\":\"cheap\"}", "{\"pricing_model\":\"free\",\"base_price\":3}", "{\"colour\":\"red\"}",
                "{\"name\":\"\"}", "{\"base_price\":99999999999999999999}", "{\"base_price\":", "")) {
            given().auth().oauth2(developer(dev)).contentType(ContentType.JSON).body(bad)
                    .when().patch("/v1/developer/apps/" + app)
                    .then().statusCode(400).contentType("application/problem+json");
        }
        for (String bad : List.of("{\"app_id\":\"Bad Id\",\"name\":\"x\",\"pricing_model\":\"paid\",\"base_price\":5}",
                "{\"app_id\":\"ok-id\",\"name\":\"x\",\"pricing_model\":\"paid\"}",
                "{\"app_id\":\"ok-id\",\"name\":\"x\",\"pricing_model\":\"paid\",\"base_price\":-5}")) {
            given().auth().oauth2(developer(dev)).contentType(ContentType.JSON).body(bad)
                    .when().post("/v1/developer/apps").then().statusCode(400).contentType("application/problem+json");
        }
        given().auth().oauth2(developer(dev)).contentType(ContentType.JSON).body("{\"tier\":\"gold\"}")
                .when().put("/v1/developer/tier").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(developer(dev)).contentType(ContentType.JSON).body("{\"tier\":\"partner\"}")
                .when().put("/v1/developer/tier").then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(developer(dev)).contentType(ContentType.JSON).body("{\"tier\":\"explorer\"}")
                .when().put("/v1/developer/tier").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(admin()).contentType(ContentType.JSON).body("{\"tier\":\"partner\"}")
                .when().put("/v1/developer/tier").then().statusCode(400).body("code", equalTo("developer_id_required"));
        assertThat(get(dev, app)).containsEntry("base_price", 5).containsEntry("status", "draft")
                .containsEntry("pricing_model", "paid").containsEntry("version", 0);
        given().auth().oauth2(developer(dev)).when().get("/v1/developer/tier")
                .then().statusCode(200).body("tier", equalTo("explorer")).body("revenue_split_dev", equalTo(70));
    }

    @Test
    void everyChangeReachesTheCatalogWithAGrowingVersion() {
        String dev = newDeveloper();
        String app = newAppId();
        create(dev, app, 5);
        given().auth().oauth2(developer(dev)).when().post("/v1/developer/apps/" + app + "/submit").then().statusCode(200);
        given().auth().oauth2(admin()).when().post("/v1/admin/apps/" + app + "/approve").then().statusCode(200);
        given().auth().oauth2(developer(dev)).when().post("/v1/developer/apps/" + app + "/pause").then().statusCode(200);
        given().auth().oauth2(developer(dev)).contentType(ContentType.JSON).body("{\"base_price\":9}")
                .when().patch("/v1/developer/apps/" + app).then().statusCode(200);

        List<AppCatalogEntry> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(KafkaClients.adminWith("group.id", "test-" + UUID.randomUUID(), "auto.offset.reset", "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.APP_CATALOG));
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (app.equals(record.key())) {
                        seen.add(EventCodec.decode(record.value(), AppCatalogEntry.class).data());
                    }
                }
                return seen.size() >= 5;
            });
        }
        assertThat(seen).extracting(AppCatalogEntry::status)
                .containsExactly("draft", "pending_review", "active", "suspended", "suspended");
        assertThat(seen).extracting(AppCatalogEntry::version).isSorted().doesNotHaveDuplicates();
        assertThat(seen.get(2).revenueSplitDev()).isEqualTo(70);
        assertThat(seen.get(4).basePrice()).isEqualTo(9);
        assertThat(seen).allMatch(e -> e.developerId().equals(dev) && e.platformFee() == 2);
    }
}
