package com.platformeconomy.earnings;

import static com.platformeconomy.testkit.tokens.Tokens.admin;
import static com.platformeconomy.testkit.tokens.Tokens.developer;
import static io.restassured.RestAssured.given;

import com.platformeconomy.contracts.event.ChargeRecorded;
import com.platformeconomy.contracts.event.CloudEvent;
import com.platformeconomy.contracts.event.EventCodec;
import com.platformeconomy.contracts.event.Topics;
import com.platformeconomy.testkit.kafka.KafkaSender;
import io.restassured.http.ContentType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What the tests of this service share: ids, tokens, apps through the real routes, billing events on Kafka. */
public final class Fixtures {

    private Fixtures() {
    }

    public static String newDeveloper() {
        return "dev:t" + UUID.randomUUID().toString().substring(0, 12);
    }

    public static String newAppId() {
        return "app-" + UUID.randomUUID().toString().substring(0, 12);
    }

    /** A fresh Idempotency-Key, as a client makes one per new request. */
    public static String key() {
        return "k-" + UUID.randomUUID();
    }

    /** A paid app (platform fee the default 2) created, submitted and approved through the routes. */
    public static void approvedApp(String developerId, String appId, long basePrice) {
        given().auth().oauth2(developer(developerId)).contentType(ContentType.JSON)
                .body("{\"app_id\":\"" + appId + "\",\"name\":\"Test app\",\"pricing_model\":\"paid\",\"base_price\":" + basePrice + "}")
                .when().post("/v1/developer/apps").then().statusCode(201);
        given().auth().oauth2(developer(developerId))
                .when().post("/v1/developer/apps/" + appId + "/submit").then().statusCode(200);
        given().auth().oauth2(admin())
                .when().post("/v1/admin/apps/" + appId + "/approve").then().statusCode(200);
    }

    public static CloudEvent<ChargeRecorded> charge(String eventId, String userId, String appId, String developerId,
                                                    boolean byollm, long total, long developerShare, long platformShare) {
        return charge(eventId, userId, appId, developerId, byollm, total, developerShare, platformShare, Instant.now());
    }

    /** A charge that happened at {@code at} (the CloudEvent time, which earnings are dated by). */
    public static CloudEvent<ChargeRecorded> charge(String eventId, String userId, String appId, String developerId,
                                                    boolean byollm, long total, long developerShare, long platformShare,
                                                    Instant at) {
        ChargeRecorded data = new ChargeRecorded(userId, appId, developerId, "search", byollm, total, developerShare,
                platformShare, "platform:revenue", 1);
        return CloudEvent.of(eventId, ChargeRecorded.TYPE, "/wallet-service", userId, at, data);
    }

    /** Publishes raw records to billing.events, keyed as wallet-service keys them, and waits for the acks. */
    public static void publish(List<String> payloads) {
        KafkaSender.publish(Topics.BILLING_EVENTS, "user:test", payloads);
    }

    public static String encode(CloudEvent<?> event) {
        return EventCodec.encode(event);
    }
}
