package com.platformeconomy.settlement.settlement;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.platformeconomy.contracts.event.CloudEvent;
import com.platformeconomy.contracts.event.SettlementAwarded;
import com.platformeconomy.contracts.event.Topics;
import com.platformeconomy.settlement.Db;
import com.platformeconomy.settlement.KafkaTopic;
import com.platformeconomy.settlement.Usage;
import com.platformeconomy.stack.LocalStackResource;
import com.platformeconomy.stack.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Row;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class SettlementTest {

    private static KafkaTopic awards;

    @BeforeAll
    static void listen() {
        awards = new KafkaTopic(Topics.SETTLEMENT_AWARDED);
    }

    @AfterAll
    static void stopListening() {
        awards.close();
    }

    static io.restassured.response.ValidatableResponse runSettlement() {
        return given().auth().oauth2(TestTokens.mint("admin:ops", "admin"))
                .when().post("/api/admin/settlements/run")
                .then().statusCode(200);
    }

    static long spark(String usageId) {
        Row row = Db.row("SELECT settlement_status, spark_awarded FROM metered_usage WHERE usage_id = $1", usageId);
        assertThat(row.getString("settlement_status")).isEqualTo("settled");
        return row.getLong("spark_awarded");
    }

    /** A usage id is its node's own: two nodes' records under one id are two records, each settled to its operator. */
    @Test
    void twoNodesRecordsUnderOneUsageIdAreEachPaidToTheirOwnOperator() {
        String first = Usage.newOperator();
        String second = Usage.newOperator();
        String id = "usage-" + java.util.UUID.randomUUID();
        Usage.record(id, "node-same-id-" + first.substring(8), first, "hive", "1.23");
        Usage.record(id, "node-same-id-" + second.substring(8), second, "hive", "0.50");

        runSettlement();

        assertThat(Db.rows("""
                SELECT m.operator_id, m.spark_awarded, b.operator_id AS batch_operator FROM metered_usage m
                JOIN settlement_batch b ON b.batch_id = m.batch_id WHERE m.usage_id = $1 ORDER BY m.spark_awarded""", id))
                .extracting(row -> row.getString("operator_id") + " " + row.getLong("spark_awarded") + " " + row.getString("batch_operator"))
                .containsExactly(second + " 50 " + second, first + " 123 " + first);
        assertThat(Db.row("SELECT tokens FROM settlement_batch WHERE operator_id = $1", first).getLong("tokens")).isEqualTo(123);
        assertThat(Db.row("SELECT tokens FROM settlement_batch WHERE operator_id = $1", second).getLong("tokens")).isEqualTo(50);
    }

    @Test
    void theSourcesNumbersBecomeOneBatchAndOneAwardOnKafka() {
        String operator = Usage.newOperator();
        String tiny = Usage.record("node-s1", operator, "hive", "0.004");
        String dollar = Usage.record("node-s1", operator, "idle", "1.23");
        String small = Usage.record("node-s1", operator, "hive", "0.019");
        String own = Usage.record("node-s1", operator, "own", "5.00");

        runSettlement();

        // spark = max(1, floor(usd × 100)): $0.004 → 1 (the floor of one), $1.23 → 123, $0.019 → 1.
        assertThat(spark(tiny)).isEqualTo(1);
        assertThat(spark(dollar)).isEqualTo(123);
        assertThat(spark(small)).isEqualTo(1);
        assertThat(Db.row("SELECT settlement_status FROM metered_usage WHERE usage_id = $1", own)
                .getString("settlement_status")).as("own records are never settled").isEqualTo("pending");

        Row batch = Db.row("SELECT CAST(batch_id AS TEXT) AS id, tokens, usd, record_count FROM settlement_batch WHERE operator_id = $1", operator);
        assertThat(batch.getLong("tokens")).isEqualTo(125);
        assertThat(batch.getBigDecimal("usd")).isEqualByComparingTo("1.253");
        assertThat(batch.getInteger("record_count")).isEqualTo(3);

        await().atMost(Duration.ofSeconds(20)).until(() -> !awards.eventsAbout(operator).isEmpty());
        List<CloudEvent<JsonNode>> events = awards.eventsAbout(operator);
        assertThat(events).hasSize(1);
        CloudEvent<JsonNode> event = events.get(0);
        assertThat(event.id()).as("event id = batch id").isEqualTo(batch.getString("id"));
        assertThat(event.type()).isEqualTo(SettlementAwarded.TYPE);
        SettlementAwarded award = com.platformeconomy.contracts.event.EventCodec.data(event, SettlementAwarded.class);
        assertThat(award).isEqualTo(new SettlementAwarded(batch.getString("id"), operator, 125, new BigDecimal("1.253"), 3));

        // A second run finds nothing of this operator's left to settle.
        runSettlement();
        assertThat(Db.rows("SELECT 1 FROM settlement_batch WHERE operator_id = $1", operator)).hasSize(1);
    }

    @Test
    void belowTheMinimumNothingIsSettledUntilTheTotalReachesIt() {
        String operator = Usage.newOperator();
        String first = Usage.record("node-s2", operator, "hive", "0.05"); // 5 spark
        String second = Usage.record("node-s2", operator, "hive", "0.04"); // 4 spark
        runSettlement();
        assertThat(Db.rows("SELECT 1 FROM metered_usage WHERE operator_id = $1 AND settlement_status = 'pending'", operator))
                .hasSize(2);

        String third = Usage.record("node-s2", operator, "idle", "0.01"); // 1 spark: 10 in all
        runSettlement();
        assertThat(spark(first) + spark(second) + spark(third)).isEqualTo(10);
        assertThat(Db.row("SELECT tokens FROM settlement_batch WHERE operator_id = $1", operator).getLong("tokens")).isEqualTo(10);
    }

    @Test
    void aNodeWithAutoSettleOffKeepsItsRecordsPending() {
        String operator = Usage.newOperator();
        String node = "node-" + operator.substring(8);
        Usage.register(node, operator);
        Usage.configure(node, operator, "{\"auto_settle\": false}");
        String usage = Usage.record(node, operator, "hive", "2.00");
        runSettlement();
        assertThat(Db.row("SELECT settlement_status FROM metered_usage WHERE usage_id = $1", usage)
                .getString("settlement_status")).isEqualTo("pending");

        given().auth().oauth2(TestTokens.mint(operator, "operator")).contentType(ContentType.JSON)
                .queryParam("node_id", node).body("{\"auto_settle\": true}")
                .when().put("/api/settings/compute").then().statusCode(200);
        runSettlement();
        assertThat(spark(usage)).isEqualTo(200);
    }

    @Test
    void recordsOfANodeNobodyRegisteredAreKeptNotPayableNeverAwarded() {
        String orphan = Usage.record("node-orphan", null, "hive", "3.00");
        runSettlement();
        assertThat(Db.row("SELECT settlement_status, not_payable_reason, batch_id FROM metered_usage WHERE usage_id = $1", orphan))
                .satisfies(row -> {
                    assertThat(row.getString("settlement_status")).isEqualTo("not_payable");
                    assertThat(row.getString("not_payable_reason")).isEqualTo("node_not_registered");
                    assertThat(row.getValue("batch_id")).isNull();
                });
    }

    @Test
    void noRecordIsSkippedForItsAge() {
        String operator = Usage.newOperator();
        String old = Usage.record("node-s3", operator, "hive", "0.50");
        Db.update("UPDATE metered_usage SET recorded_at = now() - interval '400 days' WHERE usage_id = $1", old);
        runSettlement();
        assertThat(spark(old)).isEqualTo(50);
    }

    @Test
    void twoRunsInParallelAwardEachRecordOnce() throws Exception {
        List<String> operators = IntStream.range(0, 5).mapToObj(i -> Usage.newOperator()).toList();
        for (String operator : operators) {
            for (int i = 0; i < 4; i++) {
                Usage.record("node-p-" + operator.substring(8), operator, "hive", "0.25");
            }
        }
        CyclicBarrier start = new CyclicBarrier(2);
        List<CompletableFuture<Long>> runs = IntStream.range(0, 2).mapToObj(i -> CompletableFuture.supplyAsync(() -> {
            try {
                start.await();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return runSettlement().extract().jsonPath().getLong("settled_count");
        })).toList();
        long settledByBoth = runs.stream().mapToLong(CompletableFuture::join).sum();
        assertThat(settledByBoth).as("records settled by both runs together").isGreaterThanOrEqualTo(20);

        for (String operator : operators) {
            assertThat(Db.rows("SELECT tokens FROM settlement_batch WHERE operator_id = $1", operator))
                    .singleElement().satisfies(row -> assertThat(row.getLong("tokens")).isEqualTo(100));
            assertThat(Db.rows("SELECT DISTINCT batch_id FROM metered_usage WHERE operator_id = $1", operator)).hasSize(1);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> awardsPerOperator(operators).stream().allMatch(n -> n >= 1));
        // Give a would-be second award time to show up before concluding there is none.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .until(() -> awardsPerOperator(operators).stream().allMatch(n -> n == 1));
    }

    private static List<Long> awardsPerOperator(List<String> operators) {
        List<CloudEvent<JsonNode>> events = awards.events();
        return operators.stream()
                .map(operator -> events.stream().filter(event -> operator.equals(event.subject())).count())
                .toList();
    }

    @Test
    void theSchedulesIntervalExpressionResolvesFromTheMappingsDefaults() {
        // @Scheduled(every = "${settlement.interval}") is resolved through the Config API, not the
        // mapping: a default that only @WithDefault holds must be visible there too. Tests override
        // the interval itself ("off"), so a sibling key with only a mapping default stands in for it.
        assertThat(org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("settlement.reservation-ttl", String.class)).isEqualTo("PT10M");
    }

    @Test
    void onlyAnAdminOrAServiceMayRunSettlement() {
        given().when().post("/api/admin/settlements/run")
                .then().statusCode(401).contentType("application/problem+json").body("code", equalTo("unauthorized"));
        given().auth().oauth2(TestTokens.mint("node-op:n1", "operator")).when().post("/api/admin/settlements/run")
                .then().statusCode(403).contentType("application/problem+json").body("code", equalTo("forbidden"));
        given().auth().oauth2(TestTokens.service("revenue-service", "settlement-service")).when().post("/api/admin/settlements/run")
                .then().statusCode(403);
        given().auth().oauth2(TestTokens.mint("admin:scheduler", "admin")).when().post("/api/admin/settlements/run")
                .then().statusCode(200)
                .body("settled_count", org.hamcrest.Matchers.greaterThanOrEqualTo(0))
                .body("written_off", org.hamcrest.Matchers.greaterThanOrEqualTo(0));
    }
}
