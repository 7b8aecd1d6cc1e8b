package com.platformeconomy.wallet.credit;

import static com.platformeconomy.wallet.WalletApi.balance;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.platformeconomy.contracts.event.CloudEvent;
import com.platformeconomy.contracts.event.EventCodec;
import com.platformeconomy.contracts.event.SettlementAwarded;
import com.platformeconomy.contracts.event.Topics;
import com.platformeconomy.stack.KafkaClients;
import com.platformeconomy.stack.LocalStackResource;
import com.platformeconomy.stack.TestTokens;
import com.platformeconomy.testkit.kafka.KafkaSender;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The attack of issue 17: a Kafka client publishes a settlement award for an operator of its choice.
 * Without credentials the broker never lets it in; as another service it is refused the topic; and
 * even written with the broker's blessing (a privileged client), an award whose CloudEvent source is
 * not settlement-service is parked, never credited (SPEC §10 "Services are told apart").
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class ForgedKafkaCreditsTest {

    private static String award(String batchId, String operator, long tokens, String source) {
        return EventCodec.encode(CloudEvent.of(batchId, SettlementAwarded.TYPE, source, operator, Instant.now(),
                new SettlementAwarded(batchId, operator, tokens, new BigDecimal("777.78"), 1)));
    }

    private static void send(Map<String, Object> client, String topic, String key, String value) throws Exception {
        try (KafkaSender sender = KafkaSender.with(client)) {
            sender.send(topic, key, value);
        }
    }

    private static String operator() {
        return "node-op:" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** An award from settlement-service itself, credited: proof that the consumer got past what came before it. */
    private static void creditedMarker() throws Exception {
        String marker = operator();
        send(KafkaClients.admin(), Topics.SETTLEMENT_AWARDED, marker,
                award("batch-" + UUID.randomUUID(), marker, 1, Topics.source(Topics.SETTLEMENT)));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> balance(marker) == 1);
    }

    @Test
    void aClientWithoutCredentialsCannotPublishAnAward() throws Exception {
        String victimOfChoice = operator();
        Map<String, Object> anonymous = new HashMap<>(KafkaClients.anonymous());
        anonymous.putAll(Map.of("max.block.ms", 4000, "delivery.timeout.ms", 4000, "request.timeout.ms", 3000, "linger.ms", 0));
        assertThatThrownBy(() -> send(anonymous, Topics.SETTLEMENT_AWARDED, victimOfChoice,
                award("batch-" + UUID.randomUUID(), victimOfChoice, 777_777, Topics.source(Topics.SETTLEMENT))))
                .isNotNull();
        creditedMarker();
        assertThat(balance(victimOfChoice)).isZero();
    }

    @Test
    void anotherServiceIsRefusedTheTopic() throws Exception {
        String victimOfChoice = operator();
        Map<String, Object> revenue = new HashMap<>(KafkaClients.asIdentity(Topics.REVENUE));
        revenue.put("max.block.ms", 10_000);
        assertThatThrownBy(() -> send(revenue, Topics.SETTLEMENT_AWARDED, victimOfChoice,
                award("batch-" + UUID.randomUUID(), victimOfChoice, 777_777, Topics.source(Topics.SETTLEMENT))))
                .satisfiesAnyOf(
                        e -> assertThat(e).isInstanceOf(TopicAuthorizationException.class),
                        e -> assertThat(e).hasRootCauseInstanceOf(TopicAuthorizationException.class));
        creditedMarker();
        assertThat(balance(victimOfChoice)).isZero();
    }

    @Test
    void anAwardFromAnyoneButSettlementServiceIsParkedNotCredited() throws Exception {
        String victimOfChoice = operator();
        String batch = "batch-" + UUID.randomUUID();
        for (String source : List.of(Topics.source(Topics.REVENUE), "/node-op:x", "settlement-service-but-not-really")) {
            send(KafkaClients.admin(), Topics.SETTLEMENT_AWARDED, victimOfChoice, award(batch, victimOfChoice, 777_777, source));
        }
        creditedMarker();
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<Map<String, Object>> parked = given().auth().oauth2(TestTokens.mint("admin:tests", "admin"))
                    .when().get("/v1/admin/parked?open=true").then().statusCode(200).extract().jsonPath().getList("$");
            assertThat(parked).filteredOn(p -> String.valueOf(p.get("payload")).contains(batch)).hasSize(3)
                    .allSatisfy(p -> assertThat(String.valueOf(p.get("reason"))).contains("is not /settlement-service"));
        });
        assertThat(balance(victimOfChoice)).isZero();
    }

    /**
     * Settlement pays node operators only: an award naming any other account, even with the topic
     * owner's source (a leaked settlement credential), is parked, never credited from the treasury.
     */
    @Test
    void anAwardToAnAccountThatIsNotANodeOperatorsIsParkedNotCredited() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        List<String> accounts = List.of("user:mallory-" + suffix, "dev:mallory-" + suffix, "platform:mallory-" + suffix);
        String batch = "batch-" + UUID.randomUUID();
        for (String account : accounts) {
            send(KafkaClients.admin(), Topics.SETTLEMENT_AWARDED, account,
                    award(batch + "-" + account, account, 777_777, Topics.source(Topics.SETTLEMENT)));
        }
        creditedMarker();
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<Map<String, Object>> parked = given().auth().oauth2(TestTokens.mint("admin:tests", "admin"))
                    .when().get("/v1/admin/parked?open=true").then().statusCode(200).extract().jsonPath().getList("$");
            assertThat(parked).filteredOn(p -> String.valueOf(p.get("payload")).contains(batch)).hasSize(3)
                    .allSatisfy(p -> assertThat(String.valueOf(p.get("reason"))).contains("not a node operator"));
        });
        for (String account : accounts) {
            assertThat(balance(account)).as(account).isZero();
        }
    }

    @Test
    void aCatalogEntryFromAnyoneButDeveloperEarningsIsParkedNotStored() throws Exception {
        String appId = "forged-" + UUID.randomUUID().toString().substring(0, 8);
        // An entry that would send the app's developer share to an account of the writer's choice.
        com.platformeconomy.contracts.event.AppCatalogEntry entry = new com.platformeconomy.contracts.event.AppCatalogEntry(
                appId, "dev:attacker", "active", "paid", 5, 2, 95, 99);
        send(KafkaClients.admin(), Topics.APP_CATALOG, appId, EventCodec.encode(CloudEvent.of("app:" + appId + ":v99",
                com.platformeconomy.contracts.event.AppCatalogEntry.TYPE, Topics.source(Topics.REVENUE), appId, Instant.now(), entry)));
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<Map<String, Object>> parked = given().auth().oauth2(TestTokens.mint("admin:tests", "admin"))
                    .when().get("/v1/admin/parked?open=true").then().statusCode(200).extract().jsonPath().getList("$");
            assertThat(parked).filteredOn(p -> String.valueOf(p.get("payload")).contains(appId)).singleElement()
                    .satisfies(p -> assertThat(String.valueOf(p.get("reason"))).contains("is not /developer-earnings-service"));
        });
        String user = com.platformeconomy.wallet.WalletApi.newUser();
        com.platformeconomy.wallet.WalletApi.credit(user, 100).statusCode(201);
        com.platformeconomy.wallet.WalletApi.charge(com.platformeconomy.wallet.WalletApi.newEventId(), user, appId, "action", false)
                .statusCode(org.hamcrest.Matchers.not(201));
        assertThat(balance(user)).isEqualTo(100);
    }
}
