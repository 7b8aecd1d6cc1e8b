package com.platformeconomy.earnings.earning;

import static com.platformeconomy.earnings.Fixtures.approvedApp;
import static com.platformeconomy.earnings.Fixtures.charge;
import static com.platformeconomy.earnings.Fixtures.encode;
import static com.platformeconomy.earnings.Fixtures.newAppId;
import static com.platformeconomy.earnings.Fixtures.newDeveloper;
import static com.platformeconomy.earnings.Fixtures.publish;
import static com.platformeconomy.testkit.tokens.Tokens.admin;
import static com.platformeconomy.testkit.tokens.Tokens.developer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.platformeconomy.contracts.event.CloudEvent;
import com.platformeconomy.contracts.event.EventIds;
import com.platformeconomy.contracts.event.TokensTransferred;
import com.platformeconomy.earnings.Fixtures;
import com.platformeconomy.stack.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Charges from billing.events become earnings once each; the earnings response in the seed's shape and numbers. */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class EarningsTest {

    private static Map<String, Object> earnings(String developerId) {
        return given().auth().oauth2(developer(developerId))
                .when().get("/v1/developer/earnings")
                .then().statusCode(200).extract().jsonPath().getMap("$");
    }

    /** The reason of the one parked event whose payload names {@code eventId}, as an admin lists them. */
    private static String parkedReason(String eventId) {
        List<Map<String, Object>> parked = given().auth().oauth2(admin()).when().get("/v1/admin/parked-events")
                .then().statusCode(200).extract().jsonPath().getList("$");
        assertThat(parked).filteredOn(p -> String.valueOf(p.get("payload")).contains(eventId)).hasSize(1);
        return parked.stream().filter(p -> String.valueOf(p.get("payload")).contains(eventId))
                .map(p -> String.valueOf(p.get("reason"))).findFirst().orElseThrow();
    }

    private static JsonPath analytics(String developerId, String appId, String days) {
        return given().auth().oauth2(developer(developerId)).queryParam("days", days)
                .when().get("/v1/developer/apps/" + appId + "/analytics")
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void theSeedsWorkedChargesAreRecordedAsTheyWereSplitAndEveryReplayIsIgnored() {
        String dev = newDeveloper();
        String app = newAppId();
        approvedApp(dev, app, 5);
        List<String> events = new ArrayList<>();
        events.add(encode(charge(EventIds.uuidV7(), "user:alice", app, dev, false, 7, 4, 3)));  // explorer 7 → 4/3
        events.add(encode(charge(EventIds.uuidV7(), "user:bob", app, dev, false, 7, 5, 2)));    // indie 7 → 5/2
        events.add(encode(charge(EventIds.uuidV7(), "user:alice", app, dev, true, 5, 3, 2)));   // BYOLLM 5 → 3/2
        events.add(encode(charge(EventIds.uuidV7(), "user:carol", app, dev, false, 0, 0, 0)));  // a free call: analytics only
        // Other billing events, and what cannot be read, are skipped without stopping the consumer.
        events.add(encode(CloudEvent.of(EventIds.uuidV7(), TokensTransferred.TYPE, "/wallet-service", dev, Instant.now(),
                new TokensTransferred("debit", dev, "platform:revenue", 9000, "tier_fee", "tier", 3))));
        events.add("{not json");
        events.add("{\"id\":\"x\",\"type\":\"com.platformeconomy.wallet.charge.recorded\",\"source\":\"/w\",\"data\":{\"user_id\":\"u\"}}");
        events.add(encode(charge(EventIds.uuidV7(), "user:mallory", app, dev, false, 7, 6, 3))); // shares do not add up

        // Every event three times, interleaved as redeliveries after a crash would come.
        List<String> threeTimes = new ArrayList<>(events);
        threeTimes.addAll(events);
        threeTimes.addAll(events);
        publish(threeTimes);

        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(analytics(dev, app, "7").getLong("actions")).isEqualTo(4));
        assertThat(earnings(dev)).isEqualTo(Map.of(
                "total_earnings", 12, "total_platform_share", 7, "pending_payout", 12, "paid_out", 0));
        JsonPath week = analytics(dev, app, "7");
        assertThat(week.getMap("$")).isEqualTo(Map.of(
                "app_id", app, "period_days", 7, "actions", 4, "revenue", 12, "unique_users", 3));

        // The same events yet again, later: nothing changes.
        publish(events);
        String marker = EventIds.uuidV7();
        publish(List.of(encode(charge(marker, "user:dave", app, dev, false, 7, 4, 3))));
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(analytics(dev, app, "all").getLong("actions")).isEqualTo(5));
        assertThat(earnings(dev)).isEqualTo(Map.of(
                "total_earnings", 16, "total_platform_share", 10, "pending_payout", 16, "paid_out", 0));
        assertThat(analytics(dev, app, "all").getLong("period_days")).isEqualTo(1);
    }

    @Test
    void theSeedsEarningsResponseTwelveThousandFourHundredFiftyWithThreeThousandPaidOut() {
        String dev = newDeveloper();
        String app = newAppId();
        approvedApp(dev, app, 5);
        // 12450 tokens of developer share, as the seed's response shows (with no platform share).
        publish(List.of(
                encode(charge(EventIds.uuidV7(), "user:a", app, dev, false, 10000, 10000, 0)),
                encode(charge(EventIds.uuidV7(), "user:b", app, dev, false, 2450, 2450, 0))));
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(earnings(dev).get("total_earnings")).isEqualTo(12450));

        long payout = given().auth().oauth2(developer(dev)).contentType("application/json").header("Idempotency-Key", Fixtures.key())
                .body("{\"amount_tokens\":3000}")
                .when().post("/v1/developer/payouts")
                .then().statusCode(201).body("status", equalTo("requested")).body("amount_usd", equalTo(3.0f))
                .extract().jsonPath().getLong("payout_id");
        // Requested is not yet paid out.
        assertThat(earnings(dev)).isEqualTo(Map.of(
                "total_earnings", 12450, "total_platform_share", 0, "pending_payout", 12450, "paid_out", 0));
        given().auth().oauth2(admin()).when().post("/v1/admin/payouts/" + payout + "/approve")
                .then().statusCode(200).body("status", equalTo("approved"));

        assertThat(earnings(dev)).isEqualTo(Map.of(
                "total_earnings", 12450, "total_platform_share", 0, "pending_payout", 9450, "paid_out", 3000));

        // The rest, 9450 tokens, is $9.45 at the default rate, fixed at request.
        given().auth().oauth2(developer(dev)).contentType("application/json").header("Idempotency-Key", Fixtures.key())
                .body("{\"amount_tokens\":9450}")
                .when().post("/v1/developer/payouts")
                .then().statusCode(201)
                .body("amount_tokens", equalTo(9450))
                .body("usd_per_token", equalTo(0.001f))
                .body("amount_usd", equalTo(9.45f));
        // Nothing is left to request.
        given().auth().oauth2(developer(dev)).contentType("application/json").header("Idempotency-Key", Fixtures.key())
                .body("{\"amount_tokens\":1}")
                .when().post("/v1/developer/payouts")
                .then().statusCode(409).contentType("application/problem+json").body("code", equalTo("payout_exceeds_available"));
    }

    @Test
    void aDeveloperSeesOnlyItsOwnAppsAnalyticsAndBadWindowsAreRefused() {
        String dev = newDeveloper();
        String app = newAppId();
        approvedApp(dev, app, 5);
        given().auth().oauth2(developer(newDeveloper())).when().get("/v1/developer/apps/" + app + "/analytics?days=7")
                .then().statusCode(404).contentType("application/problem+json").body("code", equalTo("unknown_app"));
        given().auth().oauth2(developer(dev)).when().get("/v1/developer/apps/no-such-app/analytics?days=7")
                .then().statusCode(404).contentType("application/problem+json");
        for (String days : List.of("0", "3651", "-1", "7.5", "week", "99999", "007x")) {
            given().auth().oauth2(developer(dev)).queryParam("days", days)
                    .when().get("/v1/developer/apps/" + app + "/analytics")
                    .then().statusCode(400).contentType("application/problem+json").body("code", equalTo("invalid_days"));
        }
        given().auth().oauth2(developer(dev)).queryParam("days", "3650")
                .when().get("/v1/developer/apps/" + app + "/analytics")
                .then().statusCode(200).body("period_days", equalTo(3650)).body("actions", equalTo(0));
        given().auth().oauth2(admin()).queryParam("days", "30")
                .when().get("/v1/developer/apps/" + app + "/analytics")
                .then().statusCode(200).body("app_id", equalTo(app)).body("period_days", equalTo(30));
        given().when().get("/v1/developer/earnings").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(com.platformeconomy.stack.TestTokens.mint("user:alice", "user"))
                .when().get("/v1/developer/earnings").then().statusCode(403);
        given().auth().oauth2(developer(dev)).queryParam("developer_id", newDeveloper())
                .when().get("/v1/developer/earnings").then().statusCode(403);
    }

    /**
     * Another charge under an event id already earned (Redis forgot the id and the wallet applied it
     * again; its ledger parks it too) is parked with both charges named, never silently dropped; the
     * first stays what it earned. A redelivery of the first is not parked.
     */
    @Test
    void anotherChargeUnderAnIdAlreadyEarnedIsParkedNotEarned() {
        String dev = newDeveloper();
        String app = newAppId();
        approvedApp(dev, app, 5);
        String id = EventIds.uuidV7();
        var first = charge(id, "user:alice", app, dev, false, 7, 4, 3);
        publish(List.of(encode(first)));
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(earnings(dev).get("total_earnings")).isEqualTo(4));

        var other = charge(id, "user:alice", app, dev, false, 70, 40, 30);
        var later = charge(EventIds.uuidV7(), "user:alice", app, dev, false, 7, 4, 3);
        publish(List.of(encode(first), encode(other), encode(later)));
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(earnings(dev).get("total_earnings")).isEqualTo(8));
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(parkedReason(id)).contains("for another charge")
                .contains(": 7 = 4 + 3").contains("this one: user:alice " + app + "/search by " + dev + ": 70 = 40 + 30"));
        assertThat(earnings(dev).get("total_earnings")).as("the first charge's 4 and the later one's 4").isEqualTo(8);
    }

    @Test
    void aChargeWalletServiceDidNotWriteIsParkedNotEarned() {
        String dev = newDeveloper();
        String app = newAppId();
        approvedApp(dev, app, 5);
        var genuine = charge(EventIds.uuidV7(), "user:alice", app, dev, false, 7, 4, 3);
        String forgedId = EventIds.uuidV7();
        var forged = charge(forgedId, "user:mallory", app, dev, false, 70_000, 70_000, 0);
        // Written by a privileged client, but not by billing.events' owner (SPEC §10).
        publish(List.of(encode(new CloudEvent<>(forged.specversion(), forged.id(), forged.type(), "/revenue-service",
                forged.time(), forged.subject(), forged.datacontenttype(), forged.data())), encode(genuine)));

        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(analytics(dev, app, "7").getLong("actions")).isEqualTo(1));
        assertThat(earnings(dev).get("total_earnings")).isEqualTo(4);
        assertThat(parkedReason(forgedId)).contains("is not /wallet-service");
    }
    /**
     * An event PostgreSQL refuses whatever is tried (a NUL in a text field: "invalid byte sequence for
     * encoding UTF8: 0x00") is parked with the database's reason, and the charges behind it are earned:
     * retried, it would hold the channel and every developer's earnings for ever.
     */
    @Test
    void aChargePostgresqlRefusesIsParkedAndTheChargesBehindItAreEarned() {
        String dev = newDeveloper();
        String app = newAppId();
        approvedApp(dev, app, 5);
        String poisonId = EventIds.uuidV7();
        var poison = charge(poisonId, "user:al\u0000ice", app, dev, false, 7, 4, 3);
        var genuine = charge(EventIds.uuidV7(), "user:alice", app, dev, false, 7, 4, 3);
        publish(List.of(encode(poison), encode(genuine)));

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(earnings(dev).get("total_earnings")).isEqualTo(4));
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(parkedReason(poisonId)).contains("22021"));
        // Later charges are earned too: the channel goes on.
        publish(List.of(encode(charge(EventIds.uuidV7(), "user:alice", app, dev, false, 7, 4, 3))));
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(earnings(dev).get("total_earnings")).isEqualTo(8));
    }
}
