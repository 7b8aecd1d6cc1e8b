package com.platformeconomy.settlement.settings;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.hasItem;

import com.platformeconomy.settlement.Usage;
import com.platformeconomy.stack.LocalStackResource;
import com.platformeconomy.stack.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class ComputeSettingsResourceTest {

    private static RequestSpecification as(String operator) {
        return given().auth().oauth2(TestTokens.mint(operator, "operator")).contentType(ContentType.JSON);
    }

    /** The operator's node, registered to it by an admin (SPEC §10: nodes have owners, nobody claims one). */
    private static String nodeOf(String operator) {
        String node = "node-" + operator.substring(8);
        Usage.register(node, operator);
        return node;
    }

    @Test
    void aNewNodeHasTheSourcesDefaults() {
        String operator = Usage.newOperator();
        as(operator).queryParam("node_id", nodeOf(operator)).when().get("/api/settings/compute")
                .then().statusCode(200)
                .body("node_id", equalTo(nodeOf(operator)))
                .body("compute_policy", equalTo("local_preferred"))
                .body("hive_compute_policy", equalTo("local_preferred"))
                .body("max_hive_gpu_pct", equalTo(50))
                .body("allow_metered_for_hive", equalTo(false))
                .body("metered_daily_limit_usd", equalTo(0))
                .body("offered_gpu_hours_per_day", equalTo(0))
                .body("accept_thought_experiments", equalTo(true))
                .body("accept_frontier_training", equalTo(false))
                .body("auto_settle", equalTo(true))
                .body("min_settlement_spark", equalTo(10))
                .body("cause_alignment", equalTo("democratize_compute"));
    }

    @Test
    void thePutOfTheSourceChangesTheGivenFieldsAndSaysWhich() {
        String operator = Usage.newOperator();
        String node = nodeOf(operator);
        as(operator).queryParam("node_id", node)
                .body("{\"allow_metered_for_hive\": true, \"metered_daily_limit_usd\": 5.00, \"electricity_rate_kwh\": 0.10}")
                .when().put("/api/settings/compute")
                .then().statusCode(200)
                .body("updated", equalTo(true))
                .body("node_id", equalTo(node))
                .body("policy_fields", containsInAnyOrder("allow_metered_for_hive", "metered_daily_limit_usd"))
                .body("peer_fields", contains("electricity_rate_kwh"));

        as(operator).queryParam("node_id", node).when().get("/api/settings/compute")
                .then().statusCode(200)
                .body("allow_metered_for_hive", equalTo(true))
                .body("metered_daily_limit_usd", equalTo(5))
                .body("compute_policy", equalTo("local_preferred"));

        as(operator).queryParam("node_id", node).body("{\"compute_policy\": \"local_only\"}")
                .when().put("/api/settings/compute")
                .then().statusCode(200).body("policy_fields", contains("compute_policy")).body("peer_fields", empty());
        as(operator).queryParam("node_id", node).when().get("/api/settings/compute")
                .then().body("compute_policy", equalTo("local_only")).body("allow_metered_for_hive", equalTo(true));
    }

    @Test
    void aCentralNodeCannotEnableMeteredForHive() {
        String operator = Usage.newOperator();
        String node = "node-" + operator.substring(8);
        Usage.register(node, operator, "central");
        as(operator).queryParam("node_id", node).body("{\"node_tier\": \"central\"}")
                .when().post("/api/settings/compute/provider/join")
                .then().statusCode(200).body("joined", equalTo(true)).body("config.node_tier", equalTo("central"));

        as(operator).queryParam("node_id", node).body("{\"allow_metered_for_hive\": true, \"auto_settle\": false}")
                .when().put("/api/settings/compute")
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("detail", equalTo("Central nodes cannot enable metered APIs for hive"));
        // Nothing of the refused request was applied.
        as(operator).queryParam("node_id", node).when().get("/api/settings/compute")
                .then().body("allow_metered_for_hive", equalTo(false)).body("auto_settle", equalTo(true));
    }

    /**
     * SPEC §10: a node's tier decides money (regional and central nodes share the infrastructure pool,
     * each tier caps the compute a report may carry, a central node's metered hive use is never paid),
     * so it is what an admin registered, not what the operator declares when it joins.
     */
    @Test
    void anOperatorCannotChangeItsNodesTierOnlyAnAdminCan() {
        String operator = Usage.newOperator();
        String node = nodeOf(operator); // registered flat
        for (String tier : List.of("regional", "central")) {
            as(operator).queryParam("node_id", node).body("{\"node_tier\": \"" + tier + "\", \"electricity_rate_kwh\": 0.5}")
                    .when().post("/api/settings/compute/provider/join")
                    .then().statusCode(403)
                    .contentType("application/problem+json")
                    .body("code", equalTo("forbidden"));
        }
        // Nothing of the refused joins was applied.
        as(operator).queryParam("node_id", node).when().get("/api/settings/compute/provider")
                .then().statusCode(200).body("node_tier", equalTo("flat")).body("joined", equalTo(false));
        adminNode(node).body("node_tier", equalTo("flat"));
        // Nor does an operator who is an admin too change the tier of its own node (four eyes).
        given().auth().oauth2(TestTokens.mint(operator, "operator", "admin")).contentType(ContentType.JSON)
                .queryParam("node_id", node).body("{\"node_tier\": \"regional\"}")
                .when().post("/api/settings/compute/provider/join")
                .then().statusCode(403).contentType("application/problem+json");
        adminNode(node).body("node_tier", equalTo("flat"));
        // Naming the registered tier changes nothing, so it is accepted.
        as(operator).queryParam("node_id", node).body("{\"node_tier\": \"flat\"}")
                .when().post("/api/settings/compute/provider/join")
                .then().statusCode(200).body("joined", equalTo(true)).body("config.node_tier", equalTo("flat"));

        // A central node's operator cannot step down to be paid for metered hive use either.
        String centralOperator = Usage.newOperator();
        String central = "node-" + centralOperator.substring(8);
        Usage.register(central, centralOperator, "central");
        as(centralOperator).queryParam("node_id", central).body("{\"node_tier\": \"flat\"}")
                .when().post("/api/settings/compute/provider/join")
                .then().statusCode(403).body("code", equalTo("forbidden"));
        adminNode(central).body("node_tier", equalTo("central"));

        // An admin changes a node's tier.
        given().auth().oauth2(TestTokens.mint("admin:ops", "admin")).contentType(ContentType.JSON)
                .queryParam("node_id", node).body("{\"node_tier\": \"regional\"}")
                .when().post("/api/settings/compute/provider/join")
                .then().statusCode(200).body("config.node_tier", equalTo("regional"));
        adminNode(node).body("node_tier", equalTo("regional"));
    }

    private static io.restassured.response.ValidatableResponse adminNode(String node) {
        return given().auth().oauth2(TestTokens.mint("admin:ops", "admin")).when().get("/api/admin/nodes/" + node)
                .then().statusCode(200);
    }

    @Test
    void joinTakesTheSourcesDefaultsAndTheGivenFields() {
        String operator = Usage.newOperator();
        as(operator).queryParam("node_id", nodeOf(operator))
                .body("{\"cause_alignment\": \"democratize_compute\", \"electricity_rate_kwh\": 0.12,"
                        + " \"offered_gpu_hours_per_day\": 8, \"compute_policy\": \"local_preferred\"}")
                .when().post("/api/settings/compute/provider/join")
                .then().statusCode(200)
                .body("joined", equalTo(true))
                .body("node_id", equalTo(nodeOf(operator)))
                .body("config.compute_policy", equalTo("local_preferred"))
                .body("config.max_hive_gpu_pct", equalTo(50))
                .body("config.allow_metered_for_hive", equalTo(false))
                .body("config.offered_gpu_hours_per_day", equalTo(8))
                .body("config.accept_thought_experiments", equalTo(true))
                .body("config.accept_frontier_training", equalTo(false))
                .body("config.node_tier", equalTo("flat"));
    }

    @Test
    void theProviderViewShowsPendingSettlementsRewardsAndCostsAbsorbed() {
        String operator = Usage.newOperator();
        String node = nodeOf(operator);
        Usage.record(node, operator, "hive", "0.004");
        Usage.record(node, operator, "idle", "1.23");
        Usage.record(node, operator, "own", "9.00");

        as(operator).queryParam("node_id", node).when().get("/api/settings/compute/provider")
                .then().statusCode(200)
                .body("node_id", equalTo(node))
                .body("pending_settlements.count", equalTo(2))
                .body("pending_settlements.total_usd", equalTo(1.234f))
                .body("reward_summary.total_spark_earned", equalTo(0))
                .body("reward_summary.total_rewards", equalTo(0))
                .body("compute_stats.metered_api_costs_absorbed", equalTo(1.234f));

        given().auth().oauth2(TestTokens.mint("admin:ops", "admin")).when().post("/api/admin/settlements/run")
                .then().statusCode(200);
        as(operator).queryParam("node_id", node).when().get("/api/settings/compute/provider")
                .then().statusCode(200)
                .body("pending_settlements.count", equalTo(0))
                .body("pending_settlements.total_usd", equalTo(0))
                .body("reward_summary.total_spark_earned", equalTo(124))
                .body("reward_summary.total_rewards", equalTo(1))
                .body("compute_stats.metered_api_costs_absorbed", equalTo(1.234f));
    }

    /**
     * The provider view's pending figure is what settlement will pay (payable_usd: at most the
     * authorization), not the cost the operator reported; and a node's new owner sees its own
     * pending records and rewards, not the previous owner's (they are the previous owner's pay).
     */
    @Test
    void theProviderViewShowsWhatWillBePaidAndOnlyTheCurrentOwnersFigures() {
        String seller = Usage.newOperator();
        String buyer = Usage.newOperator();
        String node = nodeOf(seller);
        Usage.configure(node, seller, "{\"allow_metered_for_hive\": true}");
        String authorization = Usage.authorize(node, seller, "hive", "0.40");
        Usage.send(Usage.withAuthorization(Usage.json("u-" + java.util.UUID.randomUUID(), node, seller, "hive", "0.50"),
                authorization), 201);
        as(seller).queryParam("node_id", node).when().get("/api/settings/compute/provider")
                .then().statusCode(200)
                .body("pending_settlements.count", equalTo(1))
                .body("pending_settlements.total_usd", equalTo(0.4f));

        given().auth().oauth2(TestTokens.mint("admin:ops", "admin")).contentType(ContentType.JSON)
                .body("{\"operator_id\":\"" + buyer + "\"}").when().put("/api/admin/nodes/" + node + "/operator")
                .then().statusCode(200);
        as(buyer).queryParam("node_id", node).when().get("/api/settings/compute/provider")
                .then().statusCode(200)
                .body("operator_id", equalTo(buyer))
                .body("pending_settlements.count", equalTo(0))
                .body("pending_settlements.total_usd", equalTo(0));
        given().auth().oauth2(TestTokens.mint("admin:ops", "admin")).when().post("/api/admin/settlements/run")
                .then().statusCode(200);
        as(buyer).queryParam("node_id", node).when().get("/api/settings/compute/provider")
                .then().statusCode(200)
                .body("reward_summary.total_spark_earned", equalTo(0))
                .body("reward_summary.total_rewards", equalTo(0));
    }

    @Test
    void anOperatorSeesAndChangesOnlyItsOwnNodes() {
        String owner = Usage.newOperator();
        String other = Usage.newOperator();
        String claimed = nodeOf(owner);
        // Someone else's node cannot be claimed by touching it first.
        as(other).queryParam("node_id", claimed).body("{\"auto_settle\": false}")
                .when().put("/api/settings/compute").then().statusCode(403);
        as(owner).queryParam("node_id", claimed).body("{\"auto_settle\": false}")
                .when().put("/api/settings/compute").then().statusCode(200);
        String reported = "node-rep-" + owner.substring(8);
        Usage.record(reported, owner, "hive", "0.10");

        for (String node : new String[] {claimed, reported}) {
            as(other).queryParam("node_id", node).when().get("/api/settings/compute")
                    .then().statusCode(403).contentType("application/problem+json").body("code", equalTo("forbidden"));
            as(other).queryParam("node_id", node).body("{\"auto_settle\": true}").when().put("/api/settings/compute")
                    .then().statusCode(403).body("code", equalTo("forbidden"));
            as(other).queryParam("node_id", node).when().get("/api/settings/compute/provider")
                    .then().statusCode(403).body("code", equalTo("forbidden"));
            as(other).queryParam("node_id", node).body("{}").when().post("/api/settings/compute/provider/join")
                    .then().statusCode(403).body("code", equalTo("forbidden"));
        }
        as(owner).queryParam("node_id", claimed).when().get("/api/settings/compute")
                .then().statusCode(200).body("auto_settle", equalTo(false)).body("operator_id", equalTo(owner));
        // An admin sees and changes any node.
        given().auth().oauth2(TestTokens.mint("admin:ops", "admin")).contentType(ContentType.JSON)
                .queryParam("node_id", claimed).body("{\"auto_settle\": true}")
                .when().put("/api/settings/compute").then().statusCode(200);
        // Without a token, nothing.
        given().queryParam("node_id", claimed).when().get("/api/settings/compute")
                .then().statusCode(401).contentType("application/problem+json").body("code", equalTo("unauthorized"));
        given().contentType(ContentType.JSON).queryParam("node_id", claimed).body("{\"auto_settle\": false}")
                .when().put("/api/settings/compute").then().statusCode(401);
        // A user is not an operator.
        given().auth().oauth2(TestTokens.mint(owner, "user")).queryParam("node_id", claimed)
                .when().get("/api/settings/compute").then().statusCode(403);
        as(owner).queryParam("node_id", claimed).when().get("/api/settings/compute")
                .then().body("auto_settle", equalTo(true));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "{\"compute_policy\": \"cloud_only\"}",
            "{\"hive_compute_policy\": 3}",
            "{\"max_hive_gpu_pct\": 101}",
            "{\"max_hive_gpu_pct\": 50.5}",
            "{\"allow_metered_for_hive\": \"yes\"}",
            "{\"metered_daily_limit_usd\": -1}",
            "{\"metered_daily_limit_usd\": 0.0000001}",
            "{\"offered_gpu_hours_per_day\": 25}",
            "{\"min_settlement_spark\": 0}",
            "{\"min_settlement_spark\": 1.5}",
            // Above a day's award ceiling (100,000): never reached by a batch, the node never paid.
            "{\"min_settlement_spark\": 100001}",
            "{\"cause_alignment\": \"profit\"}",
            "{\"auto_setle\": false}",
            "{}",
            "{\"auto_settle\": ",
    })
    void badInputIsRefusedAndChangesNothing(String body) {
        String operator = Usage.newOperator();
        String node = nodeOf(operator);
        as(operator).queryParam("node_id", node).body(body).when().put("/api/settings/compute")
                .then().statusCode(400).contentType("application/problem+json");
        as(operator).queryParam("node_id", node).body(body.equals("{}") ? "{\"node_tier\": \"galactic\"}" : body)
                .when().post("/api/settings/compute/provider/join")
                .then().statusCode(400).contentType("application/problem+json");
        // Nothing changed.
        as(operator).queryParam("node_id", node).when().get("/api/settings/compute")
                .then().statusCode(200).body("compute_policy", equalTo("local_preferred")).body("node_tier", equalTo("flat"));
    }

    @Test
    void aNodeNobodyRegisteredCannotBeClaimedByTouchingIt() {
        String operator = Usage.newOperator();
        String node = "node-unregistered-" + operator.substring(8);
        as(operator).queryParam("node_id", node).body("{\"auto_settle\": false}").when().put("/api/settings/compute")
                .then().statusCode(404).contentType("application/problem+json").body("code", equalTo("unknown_node"));
        as(operator).queryParam("node_id", node).body("{}").when().post("/api/settings/compute/provider/join")
                .then().statusCode(404).body("code", equalTo("unknown_node"));
        as(operator).queryParam("node_id", node).when().get("/api/settings/compute")
                .then().statusCode(404).body("code", equalTo("unknown_node"));
        // A service reporting usage for it does not make it anyone's either.
        Usage.send(Usage.json("u-" + java.util.UUID.randomUUID(), node, operator, "hive", "1.00"), 201)
                .body("settlement_status", equalTo("not_payable"))
                .body("not_payable_reason", equalTo("node_not_registered"));
        as(operator).queryParam("node_id", node).when().get("/api/settings/compute").then().statusCode(404);
    }

    @Test
    void onlyAnAdminOrAServiceRegistersAndOnlyAnAdminMovesANode() {
        String owner = Usage.newOperator();
        String buyer = Usage.newOperator();
        String node = "node-mv-" + owner.substring(8);
        String registration = "{\"node_id\":\"%s\",\"operator_id\":\"%s\"}".formatted(node, owner);
        as(owner).body(registration).when().post("/api/admin/nodes").then().statusCode(403);
        // Registering is an admin's act; revenue-service may read an owner but not register one.
        given().auth().oauth2(TestTokens.service("revenue-service", "settlement-service")).contentType(ContentType.JSON)
                .body(registration).when().post("/api/admin/nodes").then().statusCode(403);
        given().auth().oauth2(TestTokens.mint("admin:onboarding", "admin")).contentType(ContentType.JSON)
                .body(registration).when().post("/api/admin/nodes")
                .then().statusCode(201).body("operator_id", equalTo(owner)).body("node_id", equalTo(node));
        given().auth().oauth2(TestTokens.mint("admin:onboarding", "admin")).contentType(ContentType.JSON)
                .body(registration).when().post("/api/admin/nodes").then().statusCode(200);
        given().auth().oauth2(TestTokens.service("revenue-service", "settlement-service")).when().get("/api/admin/nodes/" + node)
                .then().statusCode(200).body("operator_id", equalTo(owner));
        given().auth().oauth2(TestTokens.service("developer-earnings-service", "settlement-service")).when().get("/api/admin/nodes/" + node)
                .then().statusCode(403);
        given().auth().oauth2(TestTokens.mint("admin:ops", "admin")).contentType(ContentType.JSON)
                .body(registration.replace(owner, buyer)).when().post("/api/admin/nodes")
                .then().statusCode(409).body("code", equalTo("node_already_registered"));
        given().auth().oauth2(TestTokens.mint("admin:ops", "admin")).contentType(ContentType.JSON)
                .body("{\"node_id\":\"n\",\"operator_id\":\"bob\"}").when().post("/api/admin/nodes")
                .then().statusCode(400).body("errors.field", hasItem("operator_id"));

        // A service may not move a node; an admin may.
        given().auth().oauth2(TestTokens.service("revenue-service", "settlement-service")).contentType(ContentType.JSON)
                .body("{\"operator_id\":\"" + buyer + "\"}").when().put("/api/admin/nodes/" + node + "/operator")
                .then().statusCode(403);
        // SPEC §10, four eyes: an admin does not register a node to itself, nor move one to itself.
        String self = "node-op:self-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(TestTokens.mint(self, "operator", "admin")).contentType(ContentType.JSON)
                .body("{\"node_id\":\"n-" + self.substring(8) + "\",\"operator_id\":\"" + self + "\",\"node_tier\":\"central\"}")
                .when().post("/api/admin/nodes").then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.mint(buyer, "operator", "admin")).contentType(ContentType.JSON)
                .body("{\"operator_id\":\"" + buyer + "\"}").when().put("/api/admin/nodes/" + node + "/operator")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.mint("admin:ops", "admin")).contentType(ContentType.JSON)
                .body("{\"operator_id\":\"" + buyer + "\"}").when().put("/api/admin/nodes/" + node + "/operator")
                .then().statusCode(200).body("operator_id", equalTo(buyer));
        as(owner).queryParam("node_id", node).when().get("/api/settings/compute").then().statusCode(403);
        as(buyer).queryParam("node_id", node).when().get("/api/settings/compute")
                .then().statusCode(200).body("operator_id", equalTo(buyer));
        org.assertj.core.api.Assertions.assertThat(com.platformeconomy.settlement.Db.rows(
                "SELECT to_operator FROM node_owner_change WHERE node_id = $1 ORDER BY id", node))
                .extracting(row -> row.getString("to_operator")).containsExactly(owner, buyer);
        // revenue-service binds a month's compute to the node's owner at the month's end: it reads every owner.
        given().auth().oauth2(TestTokens.service("revenue-service", "settlement-service")).when().get("/api/admin/nodes/" + node)
                .then().statusCode(200).body("operator_id", equalTo(buyer))
                .body("owners.operator_id", contains(owner, buyer)).body("owners.since", everyItem(matchesPattern("\\d{4}-\\d\\d-\\d\\dT.*Z")));
        // A node claimed before registrations were kept has only its move: its owner before it comes first.
        String old = "n-old-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        com.platformeconomy.settlement.Db.update("INSERT INTO node_compute_settings (node_id, operator_id) VALUES ($1, $2)", old, buyer);
        com.platformeconomy.settlement.Db.update("INSERT INTO node_owner_change (node_id, from_operator, to_operator, changed_by) "
                + "VALUES ($1, $2, $3, 'admin:ops')", old, owner, buyer);
        given().auth().oauth2(TestTokens.service("revenue-service", "settlement-service")).when().get("/api/admin/nodes/" + old)
                .then().statusCode(200).body("operator_id", equalTo(buyer))
                .body("owners.operator_id", contains(owner, buyer)).body("owners[0].since", equalTo("1970-01-01T00:00:00Z"));
    }

    @Test
    void theNodeIdIsRequiredAndChecked() {
        String operator = Usage.newOperator();
        as(operator).when().get("/api/settings/compute")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("node_id"));
        as(operator).queryParam("node_id", "bad node!").when().get("/api/settings/compute/provider")
                .then().statusCode(400).body("errors.field", hasItem("node_id"));
        as(operator).body("{\"auto_settle\": false}").when().put("/api/settings/compute")
                .then().statusCode(400).body("errors.field", hasItem("node_id"));
    }
}
