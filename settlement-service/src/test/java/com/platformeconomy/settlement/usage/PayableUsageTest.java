package com.platformeconomy.settlement.usage;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.platformeconomy.contracts.event.Topics;
import com.platformeconomy.settlement.Db;
import com.platformeconomy.settlement.Usage;
import com.platformeconomy.stack.LocalStackResource;
import com.platformeconomy.stack.TestTokens;
import com.platformeconomy.testkit.kafka.KafkaSender;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Row;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * SPEC §10 "Metered usage is paid only when it was allowed", tried through the routes and Kafka:
 * each scenario of issue 16 pays nothing it should not, and keeps every record visible with its
 * reason.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class PayableUsageTest {

    private static String nodeOf(String operator) {
        return "node-pay-" + operator.substring(8);
    }

    private static void settle() {
        given().auth().oauth2(TestTokens.mint("admin:ops", "admin"))
                .when().post("/api/admin/settlements/run").then().statusCode(200);
    }

    private static Row usage(String usageId) {
        return Db.row("SELECT settlement_status, not_payable_reason, payable_usd, spark_awarded, operator_id, task_source"
                + " FROM metered_usage WHERE usage_id = $1", usageId);
    }

    private static long awardedTo(String operator) {
        return Db.row("SELECT COALESCE(SUM(tokens), 0) AS t FROM settlement_batch WHERE operator_id = $1", operator).getLong("t");
    }

    private static String send(String node, String operator, String usd, String authorization) {
        String id = "u-" + UUID.randomUUID();
        String body = Usage.json(id, node, operator, "hive", usd);
        Usage.send(authorization == null ? body : Usage.withAuthorization(body, authorization), 201);
        return id;
    }

    @Test
    void aDefaultNodeReportingAHugeUnauthorizedRecordIsPaidNothing() {
        String operator = Usage.newOperator();
        String node = nodeOf(operator);
        Usage.register(node, operator);
        String id = "u-" + UUID.randomUUID();
        given().auth().oauth2(TestTokens.mint(operator, "operator")).contentType(ContentType.JSON)
                .body(Usage.json(id, node, operator, "hive", "999"))
                .when().post("/api/metered-usage")
                .then().statusCode(201)
                .body("settlement_status", equalTo("not_payable"))
                .body("not_payable_reason", equalTo("metered_for_hive_disabled"));
        settle();
        assertThat(awardedTo(operator)).isZero();
        given().auth().oauth2(TestTokens.mint(operator, "operator")).queryParam("node_id", node)
                .when().get("/api/settings/compute/provider")
                .then().statusCode(200)
                .body("pending_settlements.count", equalTo(0))
                .body("not_payable.count", equalTo(1))
                .body("not_payable.total_usd", equalTo(999))
                .body("not_payable.reasons.reason", hasItem("metered_for_hive_disabled"));
    }

    @Test
    void withoutAnAuthorizationEvenAnAllowedNodeIsNotPaid() {
        String operator = Usage.newOperator();
        String node = nodeOf(operator);
        Usage.register(node, operator);
        Usage.configure(node, operator, "{\"allow_metered_for_hive\": true}");
        String id = send(node, operator, "2.50", null);
        settle();
        assertThat(usage(id).getString("not_payable_reason")).isEqualTo("no_authorization");
        assertThat(awardedTo(operator)).isZero();
    }

    @Test
    void whatIsPaidNeverExceedsTheAuthorizationNorTheDailyCap() {
        String operator = Usage.newOperator();
        String node = nodeOf(operator);
        Usage.register(node, operator);
        Usage.configure(node, operator, "{\"allow_metered_for_hive\": true, \"metered_daily_limit_usd\": 2.00}");
        // Five asks of $1 under a $2 cap: the gate allows two.
        List<String> authorizations = java.util.stream.IntStream.range(0, 5)
                .mapToObj(i -> Usage.authorize(node, operator, "hive", "1.00")).toList();
        assertThat(authorizations.stream().filter(java.util.Objects::nonNull)).hasSize(2);
        // Each reported as $50.
        List<String> ids = authorizations.stream().map(a -> send(node, operator, "50", a)).toList();
        settle();
        assertThat(awardedTo(operator)).as("$1 per authorization, two authorizations").isEqualTo(200);
        assertThat(ids.stream().map(PayableUsageTest::usage).filter(r -> "settled".equals(r.getString("settlement_status"))))
                .hasSize(2).allSatisfy(r -> assertThat(r.getBigDecimal("payable_usd")).isEqualByComparingTo("1"));
        assertThat(ids.stream().map(PayableUsageTest::usage).filter(r -> "not_payable".equals(r.getString("settlement_status"))))
                .hasSize(3).allSatisfy(r -> assertThat(r.getString("not_payable_reason")).isEqualTo("no_authorization"));
    }

    /**
     * An authorization pays one record, once, however late the record arrives: the gate authorized the
     * call when it was made; a record applied after the reservation's time (a consumer behind after an
     * outage, a parked record an admin replays) is still paid, within the node's cap of the day it is
     * recorded. The reservation's time only ends how long its estimate holds the gate's budget.
     */
    @Test
    void anAuthorizationPaysOneRecordOnceHoweverLateItArrives() {
        String operator = Usage.newOperator();
        String node = nodeOf(operator);
        Usage.register(node, operator);
        Usage.configure(node, operator, "{\"allow_metered_for_hive\": true}");
        String authorization = Usage.authorize(node, operator, "hive", "2.50");
        String first = send(node, operator, "2.50", authorization);
        String second = send(node, operator, "2.50", authorization);
        String expired = Usage.authorize(node, operator, "hive", "1.00");
        Db.update("UPDATE budget_reservation SET expires_at = now() - interval '1 second' WHERE authorization_id = CAST($1 AS uuid)", expired);
        String late = send(node, operator, "1.00", expired);
        String otherNodes = Usage.authorize(node, operator, "hive", "1.00");
        String elsewhere = Usage.newOperator();
        Usage.register(nodeOf(elsewhere), elsewhere);
        Usage.configure(nodeOf(elsewhere), elsewhere, "{\"allow_metered_for_hive\": true}");
        String borrowed = send(nodeOf(elsewhere), elsewhere, "1.00", otherNodes);
        settle();
        assertThat(usage(first).getLong("spark_awarded")).as("the seed's 2.50 → 250").isEqualTo(250);
        assertThat(usage(second).getString("not_payable_reason")).isEqualTo("authorization_already_used");
        assertThat(usage(late).getLong("spark_awarded")).as("1.00 authorized before its reservation ran out → 100").isEqualTo(100);
        assertThat(usage(borrowed).getString("not_payable_reason")).isEqualTo("unknown_authorization");
        assertThat(awardedTo(operator)).isEqualTo(350);
        assertThat(awardedTo(elsewhere)).isZero();
    }

    /**
     * A late record (its reservation no longer held by the gate) is paid out of what is left of the cap,
     * never out of the room the gate holds for a call it authorized since: that call, on time, is paid
     * in full.
     */
    @Test
    void aLateRecordNeverTakesTheRoomTheGateHoldsForACallAuthorizedSince() {
        String operator = Usage.newOperator();
        String node = nodeOf(operator);
        Usage.register(node, operator);
        Usage.configure(node, operator, "{\"allow_metered_for_hive\": true, \"metered_daily_limit_usd\": 5}");
        String early = Usage.authorize(node, operator, "hive", "3");
        Db.update("UPDATE budget_reservation SET expires_at = now() - interval '1 second' WHERE authorization_id = CAST($1 AS uuid)", early);
        // Its estimate no longer held, the gate authorizes another call of 3 within the cap of 5.
        String onTime = Usage.authorize(node, operator, "hive", "3");
        String late = send(node, operator, "3", early);
        String second = send(node, operator, "3", onTime);
        assertThat(usage(second).getBigDecimal("payable_usd")).as("the call authorized on time").isEqualByComparingTo("3");
        assertThat(usage(late).getBigDecimal("payable_usd")).as("what the cap leaves the late one").isEqualByComparingTo("2");
    }

    @Test
    void anotherOperatorCannotReportOnTheNodeNorBeNamedOnIt() {
        String owner = Usage.newOperator();
        String squatter = Usage.newOperator();
        String node = nodeOf(owner);
        Usage.register(node, owner);
        Usage.configure(node, owner, "{\"allow_metered_for_hive\": true, \"metered_daily_limit_usd\": 5}");
        given().auth().oauth2(TestTokens.mint(squatter, "operator")).contentType(ContentType.JSON)
                .body(Usage.json("u-" + UUID.randomUUID(), node, squatter, "hive", "1.00"))
                .when().post("/api/metered-usage").then().statusCode(403);
        given().auth().oauth2(TestTokens.mint(squatter, "operator")).contentType(ContentType.JSON)
                .body("{\"node_id\":\"%s\",\"task_source\":\"hive\",\"estimated_usd\":1}".formatted(node))
                .when().post("/api/metered-usage/authorize").then().statusCode(403);
        // A service relaying a record that names the squatter: kept, not payable, the owner's budget untouched.
        String authorization = Usage.authorize(node, owner, "hive", "1.00");
        String named = send(node, squatter, "1.00", authorization);
        assertThat(usage(named).getString("not_payable_reason")).isEqualTo("operator_not_node_owner");
        assertThat(Db.row("SELECT consumed_by FROM budget_reservation WHERE authorization_id = CAST($1 AS uuid)", authorization)
                .getValue("consumed_by")).isNull();
        settle();
        assertThat(awardedTo(squatter)).isZero();
    }

    @Test
    void centralAndLocalOnlyNodesAreNotPaidAndAChangeBeforeSettlementIsHonoured() {
        String operator = Usage.newOperator();
        String node = nodeOf(operator);
        Usage.register(node, operator);
        Usage.configure(node, operator, "{\"allow_metered_for_hive\": true}");
        String authorization = Usage.authorize(node, operator, "hive", "1.23");
        String allowed = send(node, operator, "1.23", authorization);
        assertThat(usage(allowed).getString("settlement_status")).isEqualTo("pending");
        // The operator switches metered use off before the run: checked again at settlement.
        Usage.configure(node, operator, "{\"allow_metered_for_hive\": false}");
        settle();
        assertThat(usage(allowed).getString("settlement_status")).isEqualTo("not_payable");
        assertThat(usage(allowed).getString("not_payable_reason")).isEqualTo("metered_for_hive_disabled");

        Usage.configure(node, operator, "{\"allow_metered_for_hive\": true}");
        String before = Usage.authorize(node, operator, "hive", "1.00");
        Usage.configure(node, operator, "{\"compute_policy\": \"local_only\"}");
        assertThat(usage(send(node, operator, "1.00", before)).getString("not_payable_reason")).isEqualTo("compute_policy_local_only");

        String central = Usage.newOperator();
        Usage.register(nodeOf(central), central, "central");
        assertThat(usage(send(nodeOf(central), central, "1.00", null)).getString("not_payable_reason")).isEqualTo("central_tier");
        settle();
        assertThat(awardedTo(operator) + awardedTo(central)).isZero();
    }

    @Test
    void aMovedNodesEarlierUsageIsPaidToWhoeverOwnedItThen() {
        String seller = Usage.newOperator();
        String buyer = Usage.newOperator();
        String node = nodeOf(seller);
        String before = Usage.record(node, seller, "hive", "0.50");
        given().auth().oauth2(TestTokens.mint("admin:ops", "admin")).contentType(ContentType.JSON)
                .body("{\"operator_id\":\"" + buyer + "\"}").when().put("/api/admin/nodes/" + node + "/operator")
                .then().statusCode(200);
        String after = Usage.record(node, buyer, "hive", "0.30");
        settle();
        assertThat(usage(before).getString("operator_id")).isEqualTo(seller);
        assertThat(awardedTo(seller)).isEqualTo(50);
        assertThat(awardedTo(buyer)).isEqualTo(30);
        assertThat(usage(after).getLong("spark_awarded")).isEqualTo(30);
    }

    /**
     * The new owner of a moved node must not decide the previous owner's pending pay: records are
     * paid to whoever owned the node when they were incurred, on that record's own verdict, not
     * cancelled (allow_metered_for_hive off) nor held for ever (auto_settle off) by the buyer.
     */
    @Test
    void aMovedNodesNewOwnerCannotCancelOrHoldThePreviousOwnersPendingPay() {
        String seller = Usage.newOperator();
        String buyer = Usage.newOperator();
        String node = nodeOf(seller);
        String before = Usage.record(node, seller, "hive", "0.50");
        moveNode(node, buyer);
        String after = Usage.record(node, buyer, "hive", "0.30");
        // The buyer switches metered use off and settlement off before the run.
        Usage.configure(node, buyer, "{\"allow_metered_for_hive\": false, \"auto_settle\": false}");
        settle();
        assertThat(usage(before).getString("settlement_status")).as("the seller's record").isEqualTo("settled");
        assertThat(awardedTo(seller)).as("what the seller was owed").isEqualTo(50);
        // The buyer's settings still decide the buyer's own records.
        assertThat(usage(after).getString("not_payable_reason")).isEqualTo("metered_for_hive_disabled");
        assertThat(awardedTo(buyer)).isZero();
    }

    /** Nor by lowering the node's daily cap, or raising its threshold past anything the seller's records reach. */
    @Test
    void aMovedNodesNewOwnerCannotHoldThePreviousOwnersPayWithItsCapOrThreshold() {
        String seller = Usage.newOperator();
        String buyer = Usage.newOperator();
        String node = nodeOf(seller);
        String before = Usage.record(node, seller, "hive", "0.50");
        moveNode(node, buyer);
        String after = Usage.record(node, buyer, "hive", "0.30");
        Usage.configure(node, buyer, "{\"metered_daily_limit_usd\": 0.01, \"min_settlement_spark\": 100000}");
        settle();
        assertThat(usage(before).getString("settlement_status")).as("the seller's record").isEqualTo("settled");
        assertThat(awardedTo(seller)).as("what the seller was owed").isEqualTo(50);
        assertThat(usage(after).getString("not_payable_reason")).isEqualTo("daily_cap_reached");
        assertThat(awardedTo(buyer)).isZero();
    }

    /**
     * SPEC §10 "only that operator reports its usage" and "the budget gate authorized it": an
     * authorization the seller got before an admin moved its node is no authorization of the buyer's.
     * Before, the seller kept a stock of them (no cap: any number of $1,000 estimates), and after the
     * move published records over the node agents' shared Kafka credential without operator_id: each
     * was judged the buyer's, paid, and filled the buyer's cap so the buyer's own calls were refused.
     */
    @Test
    void anAuthorizationTheSellerGotBeforeAMoveIsNoAuthorizationOfTheBuyers() {
        String seller = Usage.newOperator();
        String buyer = Usage.newOperator();
        String node = nodeOf(seller);
        Usage.register(node, seller);
        Usage.configure(node, seller, "{\"allow_metered_for_hive\": true}");
        String stocked = Usage.authorize(node, seller, "hive", "2.00");
        moveNode(node, buyer);
        Usage.configure(node, buyer, "{\"allow_metered_for_hive\": true}");
        String replayed = "k-" + UUID.randomUUID();
        KafkaSender.publish(Topics.METERED_USAGE, node, List.of(
                MeteredUsageConsumerTest.event(replayed, node, null, "2.00", stocked)));
        await().atMost(Duration.ofSeconds(30)).until(() -> Db.rows(
                "SELECT 1 FROM metered_usage WHERE usage_id = $1", replayed).size() == 1);
        // The buyer's own authorization after the move is paid.
        String own = send(node, buyer, "0.40", Usage.authorize(node, buyer, "hive", "0.40"));
        settle();
        assertThat(usage(replayed).getString("settlement_status")).isEqualTo("not_payable");
        assertThat(usage(replayed).getString("not_payable_reason")).isEqualTo("authorized_before_node_moved");
        assertThat(usage(own).getLong("spark_awarded")).isEqualTo(40);
        assertThat(awardedTo(buyer)).isEqualTo(40);
        assertThat(awardedTo(seller)).isZero();
    }

    private static void moveNode(String node, String operator) {
        given().auth().oauth2(TestTokens.mint("admin:ops", "admin")).contentType(ContentType.JSON)
                .body("{\"operator_id\":\"" + operator + "\"}").when().put("/api/admin/nodes/" + node + "/operator")
                .then().statusCode(200);
    }

    /**
     * SPEC §10: what is paid for one authorization never exceeds what was authorized. §2's minimum of
     * one spark per record must not turn an authorization of $0.000001 (a ten-thousandth of a spark)
     * into a whole spark, twenty times over: either the gate refuses such an estimate (400, nothing
     * reserved, nothing recorded) or the operator is paid no more than the authorizations were worth.
     */
    @Test
    void aTinyAuthorizationIsNeverPaidMoreThanItsValue() {
        String operator = Usage.newOperator();
        String node = nodeOf(operator);
        Usage.register(node, operator);
        Usage.configure(node, operator,
                "{\"allow_metered_for_hive\": true, \"metered_daily_limit_usd\": 5, \"min_settlement_spark\": 1}");
        java.math.BigDecimal authorized = java.math.BigDecimal.ZERO;
        int refused = 0;
        for (int round = 0; round < 20; round++) {
            io.restassured.response.ExtractableResponse<io.restassured.response.Response> answer =
                    given().auth().oauth2(TestTokens.mint(operator, "operator")).contentType(ContentType.JSON)
                            .body("{\"node_id\":\"%s\",\"task_source\":\"hive\",\"estimated_usd\":0.000001}".formatted(node))
                            .when().post("/api/metered-usage/authorize")
                            .then().statusCode(org.hamcrest.Matchers.oneOf(200, 400)).extract();
            if (answer.statusCode() == 400) {
                assertThat(answer.contentType()).startsWith("application/problem+json");
                assertThat(answer.<String>path("code")).isEqualTo("invalid_field");
                refused++;
                continue;
            }
            String authorization = answer.path("authorization_id");
            assertThat(authorization).isNotNull();
            authorized = authorized.add(new java.math.BigDecimal("0.000001"));
            send(node, operator, "0.000001", authorization);
        }
        settle();
        long worth = authorized.multiply(java.math.BigDecimal.valueOf(100)).setScale(0, java.math.RoundingMode.FLOOR).longValueExact();
        assertThat(awardedTo(operator)).as("spark paid for %s USD authorized", authorized).isLessThanOrEqualTo(worth);
        assertThat(Db.row("SELECT COALESCE(SUM(tokens), 0) AS t FROM settlement_batch_node WHERE node_id = $1", node)
                .getLong("t")).isLessThanOrEqualTo(worth);
        if (refused == 20) {
            assertThat(Db.rows("SELECT 1 FROM budget_reservation WHERE node_id = $1", node)).as("nothing reserved").isEmpty();
            assertThat(Db.rows("SELECT 1 FROM metered_usage WHERE node_id = $1", node)).as("nothing recorded").isEmpty();
        }
    }

    /**
     * An authorization worth less than a spark that the gate gave before it refused them (or at a
     * higher rate) pays nothing at settlement: its record is kept, not payable, with its reason.
     */
    @Test
    void aRecordUnderAnAuthorizationWorthLessThanASparkIsKeptNotPaid() {
        String operator = Usage.newOperator();
        String node = nodeOf(operator);
        Usage.register(node, operator);
        Usage.configure(node, operator, "{\"allow_metered_for_hive\": true, \"min_settlement_spark\": 1}");
        String authorization = UUID.randomUUID().toString();
        Db.update("INSERT INTO budget_reservation (authorization_id, node_id, spend_day, estimated_usd, expires_at)"
                + " VALUES (CAST($1 AS uuid), $2, CAST(timezone('UTC', now()) AS DATE), 0.004, now() + interval '10 minutes')",
                authorization, node);
        String id = send(node, operator, "0.004", authorization);
        settle();
        assertThat(usage(id).getString("settlement_status")).isEqualTo("not_payable");
        assertThat(usage(id).getString("not_payable_reason")).isEqualTo("authorization_below_one_spark");
        assertThat(awardedTo(operator)).isZero();
    }

    @Test
    void theDailyAwardCeilingHoldsTheRestBackAndCountsWhenItBinds() {
        String operator = Usage.newOperator();
        String node = nodeOf(operator);
        // 40,000 spark each; the default ceiling is 100,000 a day.
        String first = Usage.record(node, operator, "hive", "400");
        String second = Usage.record(node, operator, "hive", "400");
        String third = Usage.record(node, operator, "hive", "400");
        double boundBefore = ceilingBound();
        settle();
        assertThat(awardedTo(operator)).isEqualTo(80_000);
        assertThat(usage(first).getString("settlement_status")).isEqualTo("settled");
        assertThat(usage(second).getString("settlement_status")).isEqualTo("settled");
        assertThat(usage(third).getString("settlement_status")).as("waits for a later day").isEqualTo("pending");
        assertThat(ceilingBound()).isGreaterThan(boundBefore);
        // Tomorrow (today's batches moved back a day), the rest is paid.
        Db.update("UPDATE settlement_batch SET settled_at = settled_at - interval '1 day' WHERE operator_id = $1", operator);
        settle();
        assertThat(awardedTo(operator)).isEqualTo(120_000);
    }

    /**
     * The ceiling limits what is paid today, not whether the operator's pending total has reached its
     * threshold: a 9-spark record followed by one that does not fit today's ceiling (100,000 spark) was
     * never paid, as the records that fit (9) never reached the default min_settlement_spark (10) and the
     * rest never fitted first, day after day.
     */
    @Test
    void recordsPastTheCeilingDoNotKeepTheOnesBeforeThemBelowTheThresholdForEver() {
        String operator = Usage.newOperator();
        String node = nodeOf(operator);
        String small = Usage.record(node, operator, "hive", "0.09");
        String large = Usage.record(node, operator, "hive", "1000");
        settle();
        assertThat(awardedTo(operator)).as("what fits today, though below the threshold alone").isEqualTo(9);
        assertThat(usage(small).getString("settlement_status")).isEqualTo("settled");
        assertThat(usage(large).getString("settlement_status")).as("waits for a later day").isEqualTo("pending");
        Db.update("UPDATE settlement_batch SET settled_at = settled_at - interval '1 day' WHERE operator_id = $1", operator);
        settle();
        assertThat(awardedTo(operator)).isEqualTo(100_009);
    }

    private static double ceilingBound() {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith("settlement_award_ceiling_bound_total"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    /**
     * metered.usage is written with the node agents' shared credential, so a record there proves no
     * operator: one that no authorization of the node backs must not use up the owner's daily cap
     * (else anyone holding that credential keeps a node from ever being authorized, and paid, again).
     */
    @Test
    void aRecordNoAuthorizationBacksDoesNotUseUpTheOwnersDailyCap() {
        String owner = Usage.newOperator();
        String node = nodeOf(owner);
        Usage.register(node, owner);
        Usage.configure(node, owner, "{\"allow_metered_for_hive\": true, \"metered_daily_limit_usd\": 10}");
        String foreign = "k-" + UUID.randomUUID();
        String claimed = "k-" + UUID.randomUUID();
        KafkaSender.publish(Topics.METERED_USAGE, node, List.of(
                MeteredUsageConsumerTest.event(foreign, node, Usage.newOperator(), "999", null),
                MeteredUsageConsumerTest.event(claimed, node, owner, "999", null)));
        await().atMost(Duration.ofSeconds(30)).until(() -> Db.rows(
                "SELECT 1 FROM metered_usage WHERE usage_id IN ($1, $2)", foreign, claimed).size() == 2);
        assertThat(usage(foreign).getString("not_payable_reason")).isEqualTo("operator_not_node_owner");
        assertThat(usage(claimed).getString("not_payable_reason")).isEqualTo("no_authorization");

        // The owner's gate still has its 10 USD: 6 allowed, then 5 more would pass the cap.
        assertThat(Usage.authorize(node, owner, "hive", "6")).isNotNull();
        refusedAtTheCap(node, owner, "5");

        // A caller the suite knows (an admin, over REST) reporting the node's cost: it counts.
        String other = Usage.newOperator();
        String second = nodeOf(other);
        Usage.register(second, other);
        Usage.configure(second, other, "{\"allow_metered_for_hive\": true, \"metered_daily_limit_usd\": 10}");
        given().auth().oauth2(TestTokens.mint("admin:ops", "admin")).contentType(ContentType.JSON)
                .body(Usage.json("k-" + UUID.randomUUID(), second, other, "hive", "9"))
                .when().post("/api/metered-usage").then().statusCode(201);
        refusedAtTheCap(second, other, "2");
    }

    /**
     * The node agents share metered.usage's credential, so anyone holding it can send a record for
     * another node under an id that node's agent will use next. Such a record (no authorization of
     * the node behind it, no known reporter) must not keep the owner's real record, which names the
     * node's authorization, from being recorded and paid: it is displaced, parked with its reason.
     */
    @Test
    void aForeignRecordUnderTheOwnersNextIdGivesWayToTheOwnersAuthorizedRecord() {
        String owner = Usage.newOperator();
        String node = nodeOf(owner);
        Usage.register(node, owner);
        Usage.configure(node, owner, "{\"allow_metered_for_hive\": true}");
        String overKafka = "usage-" + node + "-000001";
        String overRest = "usage-" + node + "-000002";
        KafkaSender.publish(Topics.METERED_USAGE, node, List.of(
                MeteredUsageConsumerTest.event(overKafka, node, owner, "5", null),
                MeteredUsageConsumerTest.event(overRest, node, owner, "5", null)));
        await().atMost(Duration.ofSeconds(30)).until(() -> Db.rows(
                "SELECT 1 FROM metered_usage WHERE usage_id IN ($1, $2)", overKafka, overRest).size() == 2);
        assertThat(usage(overKafka).getString("not_payable_reason")).isEqualTo("no_authorization");

        // The owner's agent on Kafka, and the owner over REST, each with an authorization of the node.
        String first = Usage.authorize(node, owner, "hive", "1.23");
        String second = Usage.authorize(node, owner, "hive", "0.77");
        KafkaSender.publish(Topics.METERED_USAGE, node, List.of(
                MeteredUsageConsumerTest.event(overKafka, node, owner, "1.23", first)));
        given().auth().oauth2(TestTokens.mint(owner, "operator")).contentType(ContentType.JSON)
                .body(Usage.withAuthorization(Usage.json(overRest, node, owner, "hive", "0.77"), second))
                .when().post("/api/metered-usage").then().statusCode(201)
                .body("settlement_status", equalTo("pending")).body("actual_usd_cost", equalTo(0.77f));
        await().atMost(Duration.ofSeconds(30)).until(() -> "pending".equals(usage(overKafka).getString("settlement_status")));
        assertThat(Db.rows("SELECT reason FROM parked_event WHERE payload LIKE $1 AND payload LIKE '%\"actual_usd_cost\":5%'",
                "%" + overKafka + "%")).extracting(row -> row.getString("reason"))
                .containsExactly("usage_id_displaced: an authorized record of the node took its usage_id");
        assertThat(Db.rows("SELECT 1 FROM parked_event WHERE payload LIKE $1", "%" + overRest + "%")).hasSize(1);

        // The foreign record sent again cannot take the id back.
        KafkaSender.publish(Topics.METERED_USAGE, node, List.of(
                MeteredUsageConsumerTest.event(overKafka, node, owner, "5", null)));
        await().atMost(Duration.ofSeconds(30)).until(() -> Db.rows("SELECT 1 FROM parked_event WHERE payload LIKE $1",
                "%" + overKafka + "%").size() == 2);
        settle();
        assertThat(usage(overKafka).getLong("spark_awarded")).isEqualTo(123);
        assertThat(usage(overRest).getLong("spark_awarded")).isEqualTo(77);
        assertThat(awardedTo(owner)).isEqualTo(200);
    }

    @Test
    void aForeignOwnRecordUnderTheOwnersNextIdGivesWayToTheOwnersAuthorizedRecord() {
        // An "own" record counts nothing and is never paid, but it held its id against everyone: any
        // holder of the node agents' credential could squat the ids a victim's agent will use next.
        String owner = Usage.newOperator();
        String stranger = Usage.newOperator();
        String node = nodeOf(owner);
        Usage.register(node, owner);
        Usage.configure(node, owner, "{\"allow_metered_for_hive\": true}");
        String overKafka = "usage-" + node + "-000001";
        String overRest = "usage-" + node + "-000002";
        KafkaSender.publish(Topics.METERED_USAGE, node, List.of(ownRecord(overKafka, node, stranger), ownRecord(overRest, node, stranger)));
        await().atMost(Duration.ofSeconds(30)).until(() -> Db.rows(
                "SELECT 1 FROM metered_usage WHERE usage_id IN ($1, $2)", overKafka, overRest).size() == 2);
        assertThat(usage(overKafka).getString("task_source")).isEqualTo("own");

        String first = Usage.authorize(node, owner, "hive", "1.23");
        String second = Usage.authorize(node, owner, "hive", "0.77");
        KafkaSender.publish(Topics.METERED_USAGE, node, List.of(
                MeteredUsageConsumerTest.event(overKafka, node, owner, "1.23", first)));
        given().auth().oauth2(TestTokens.mint(owner, "operator")).contentType(ContentType.JSON)
                .body(Usage.withAuthorization(Usage.json(overRest, node, owner, "hive", "0.77"), second))
                .when().post("/api/metered-usage").then().statusCode(201)
                .body("settlement_status", equalTo("pending")).body("task_source", equalTo("hive"));
        await().atMost(Duration.ofSeconds(30)).until(() -> "hive".equals(usage(overKafka).getString("task_source")));
        assertThat(Db.rows("SELECT reason FROM parked_event WHERE payload LIKE $1 AND payload LIKE '%\"task_source\":\"own\"%'",
                "%" + overKafka + "%")).extracting(row -> row.getString("reason"))
                .containsExactly("usage_id_displaced: an authorized record of the node took its usage_id");
        settle();
        assertThat(usage(overKafka).getLong("spark_awarded")).isEqualTo(123);
        assertThat(usage(overRest).getLong("spark_awarded")).isEqualTo(77);
        assertThat(awardedTo(owner)).isEqualTo(200);
    }

    /** A record of the node's own calls on metered.usage, as any holder of the node agents' credential can write. */
    private static String ownRecord(String usageId, String node, String operator) {
        return MeteredUsageConsumerTest.event(usageId, node, operator, "5", null)
                .replace("\"task_source\":\"hive\"", "\"task_source\":\"own\"");
    }

    private static void refusedAtTheCap(String node, String owner, String usd) {
        given().auth().oauth2(TestTokens.mint(owner, "operator")).contentType(ContentType.JSON)
                .body("{\"node_id\":\"%s\",\"task_source\":\"hive\",\"estimated_usd\":%s}".formatted(node, usd))
                .when().post("/api/metered-usage/authorize")
                .then().statusCode(200).body("allowed", equalTo(false)).body("reason", equalTo("daily_limit_reached"));
    }

    @Test
    void theKafkaPathMakesTheSameChecks() {
        String owner = Usage.newOperator();
        String node = nodeOf(owner);
        Usage.register(node, owner);
        Usage.configure(node, owner, "{\"allow_metered_for_hive\": true}");
        String authorization = Usage.authorize(node, owner, "hive", "1.23");
        String paid = "k-" + UUID.randomUUID();
        String unauthorized = "k-" + UUID.randomUUID();
        String squatted = "k-" + UUID.randomUUID();
        String badAccount = "k-" + UUID.randomUUID();
        KafkaSender.publish(Topics.METERED_USAGE, node, List.of(
                MeteredUsageConsumerTest.event(paid, node, owner, "1.23", authorization),
                MeteredUsageConsumerTest.event(unauthorized, node, owner, "999", null),
                MeteredUsageConsumerTest.event(squatted, node, Usage.newOperator(), "5", null),
                MeteredUsageConsumerTest.event(badAccount, node, "bob", "5", null)));
        await().atMost(Duration.ofSeconds(30)).until(() -> Db.rows(
                "SELECT 1 FROM metered_usage WHERE usage_id IN ($1, $2, $3, $4)", paid, unauthorized, squatted, badAccount).size() == 4);
        assertThat(usage(unauthorized).getString("not_payable_reason")).isEqualTo("no_authorization");
        assertThat(usage(squatted).getString("not_payable_reason")).isEqualTo("operator_not_node_owner");
        assertThat(usage(badAccount).getString("not_payable_reason")).isEqualTo("invalid_operator_account");
        settle();
        assertThat(usage(paid).getLong("spark_awarded")).as("the seed's 1.23 → 123").isEqualTo(123);
        assertThat(awardedTo(owner)).isEqualTo(123);
        assertThat(awardedTo("bob")).isZero();
    }
}
