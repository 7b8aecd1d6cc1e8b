package com.platformeconomy.earnings.app;

import com.platformeconomy.stack.KafkaClients;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.platformeconomy.contracts.event.AppCatalogEntry;
import com.platformeconomy.contracts.event.CloudEvent;
import com.platformeconomy.contracts.event.EventCodec;
import com.platformeconomy.contracts.event.Topics;
import com.platformeconomy.stack.LocalStackResource;
import com.platformeconomy.stack.TestTokens;
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
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class AppResourceTest {

    private static String app(String id) {
        return "{\"app_id\":\"" + id + "\",\"name\":\"My app\",\"pricing_model\":\"paid\",\"base_price\":5}";
    }

    @Test
    void creatingAnAppWithoutATokenIsRefused() {
        given().contentType(ContentType.JSON).body(app("app-" + UUID.randomUUID().toString().substring(0, 8)))
                .when().post("/v1/developer/apps")
                .then().statusCode(401).contentType("application/problem+json").body("code", equalTo("unauthorized"));
    }

    @Test
    void aUserCannotCreateApps() {
        given().auth().oauth2(TestTokens.mint("user:alice", "user"))
                .contentType(ContentType.JSON).body(app("app-" + UUID.randomUUID().toString().substring(0, 8)))
                .when().post("/v1/developer/apps")
                .then().statusCode(403).contentType("application/problem+json");
    }

    /**
     * An app's developer is the account every charge of it pays: a subject that is no dev: account could
     * never be paid, and the wallet's catalog parks its entries (the app never chargeable).
     */
    @Test
    void aDeveloperWhoseSubjectIsNoDeveloperAccountCreatesNoApp() {
        for (String subject : List.of("acme", "user:acme", "dev:" + "x".repeat(200), "dev:-acme")) {
            given().auth().oauth2(TestTokens.mint(subject, "developer"))
                    .contentType(ContentType.JSON).body(app("app-" + UUID.randomUUID().toString().substring(0, 8)))
                    .when().post("/v1/developer/apps")
                    .then().statusCode(403).contentType("application/problem+json").body("code", equalTo("forbidden"));
        }
    }

    @Test
    void aDeveloperCreatesADraftAndTheCatalogHearsOfIt() {
        String appId = "app-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(TestTokens.mint("dev:acme", "developer"))
                .contentType(ContentType.JSON).body(app(appId))
                .when().post("/v1/developer/apps")
                .then().statusCode(201)
                .body("app_id", equalTo(appId))
                .body("developer_id", equalTo("dev:acme"))
                .body("status", equalTo("draft"))
                .body("base_price", equalTo(5))
                .body("platform_fee", equalTo(2));

        given().auth().oauth2(TestTokens.mint("dev:acme", "developer"))
                .contentType(ContentType.JSON).body(app(appId))
                .when().post("/v1/developer/apps")
                .then().statusCode(409).body("code", equalTo("app_exists"));

        List<CloudEvent<AppCatalogEntry>> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = catalogConsumer()) {
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    CloudEvent<AppCatalogEntry> event = EventCodec.decode(record.value(), AppCatalogEntry.class);
                    if (appId.equals(record.key())) {
                        seen.add(event);
                    }
                }
                return !seen.isEmpty();
            });
        }
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0).data().status()).isEqualTo("draft");
        assertThat(seen.get(0).data().developerId()).isEqualTo("dev:acme");
    }

    private static KafkaConsumer<String, String> catalogConsumer() {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(KafkaClients.adminWith("group.id", "test-" + UUID.randomUUID(),
                "auto.offset.reset", "earliest"), new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(Topics.APP_CATALOG));
        return consumer;
    }
}
