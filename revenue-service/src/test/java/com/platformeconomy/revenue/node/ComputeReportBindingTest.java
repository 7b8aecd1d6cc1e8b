package com.platformeconomy.revenue.node;

import static com.platformeconomy.revenue.RevenueTestSupport.reset;
import static com.platformeconomy.revenue.RevenueTestSupport.scalar;
import static com.platformeconomy.testkit.tokens.Tokens.admin;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.platformeconomy.stack.LocalStackResource;
import com.platformeconomy.stack.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Issue 16: a compute report is bound to the node's registered owner; nobody else takes its infra share. */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
@QuarkusTestResource(NodeRegistryStub.class)
class ComputeReportBindingTest {

    private static final String A = "node-op:alice-ops";
    private static final String B = "node-op:bob-ops";

    @Inject
    Pool pool;

    @BeforeEach
    void clean() {
        reset(pool);
        NodeRegistryStub.down(false);
        NodeRegistryStub.register("node-a", A, "regional");
        NodeRegistryStub.register("node-c", A, "central");
    }

    @AfterEach
    void up() {
        NodeRegistryStub.down(false);
    }

    private static ValidatableResponse report(String token, String node, String account, String tier, long units) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"node_id\":\"%s\",\"account\":\"%s\",\"tier\":\"%s\",\"compute_units\":%d,\"period\":\"2001-06\"}"
                        .formatted(node, account, tier, units))
                .when().post("/api/revenue/compute-reports").then();
    }

    private static String operator(String account) {
        return TestTokens.mint(account, "operator");
    }

    /**
     * A month that has not begun takes no report: reported ahead by a node's owner, its figures
     * would stay with that owner after an admin moved the node (409 node_account_change for the new one).
     */
    @Test
    void aPeriodThatHasNotBegunTakesNoReport() {
        String next = java.time.YearMonth.now(java.time.ZoneOffset.UTC).plusMonths(1).toString();
        for (String token : java.util.List.of(operator(A), TestTokens.mint("admin:root", "admin"))) {
            given().auth().oauth2(token).contentType(ContentType.JSON)
                    .body("{\"node_id\":\"node-a\",\"account\":\"%s\",\"tier\":\"regional\",\"compute_units\":5,\"period\":\"%s\"}"
                            .formatted(A, next))
                    .when().post("/api/revenue/compute-reports").then()
                    .statusCode(400).contentType("application/problem+json").body("code", equalTo("invalid_period"));
        }
        assertThat(scalar(pool, "SELECT count(*) FROM compute_report")).isZero();
    }

    @Test
    void anotherOperatorCannotTakeANodesShareNorCanAnAdminMisdirectIt() {
        report(operator(B), "node-a", B, "regional", 100)
                .statusCode(409).contentType("application/problem+json").body("code", equalTo("node_owner_mismatch"));
        report(operator(B), "node-a", A, "regional", 100).statusCode(403);
        report(admin(), "node-a", B, "regional", 100).statusCode(409).body("code", equalTo("node_owner_mismatch"));
        // No service reports compute over HTTP (SPEC §10: a route names its service callers; this one names none).
        report(TestTokens.service("settlement-service", "revenue-service"), "node-a", B, "regional", 100).statusCode(403);
        assertThat(scalar(pool, "SELECT count(*) FROM compute_report")).isZero();

        report(operator(A), "node-a", A, "regional", 100).statusCode(200).body("compute_units", equalTo(100));
        assertThat(scalar(pool, "SELECT count(*) FROM compute_report WHERE account = $1", A)).isEqualTo(1);
    }

    /**
     * A reported the month, then lost the node within it: the month is its owner's at the month's end,
     * whose report replaces A's figure, confirmed or not (before, A's figure stuck: A's reports and an
     * admin's confirmation were 409 node_owner_mismatch, B's 409 node_account_change, and the node
     * weighed in no share).
     */
    @Test
    void aFigureOfAnOperatorThatLostTheNodeWithinTheMonthIsReplacedByItsOwners() {
        report(operator(A), "node-a", A, "regional", 100).statusCode(200);
        report(admin(), "node-a", A, "regional", 100).statusCode(200).body("confirmed", equalTo(true));
        NodeRegistryStub.move("node-a", B, java.time.Instant.parse("2001-06-20T00:00:00Z"));
        report(operator(A), "node-a", A, "regional", 120).statusCode(409).body("code", equalTo("node_owner_mismatch"));
        report(operator(B), "node-a", B, "regional", 150).statusCode(200).body("confirmed", equalTo(false));
        assertThat(scalar(pool, "SELECT count(*) FROM compute_report WHERE node_id = 'node-a' AND account = $1", A)).isZero();
        report(admin(), "node-a", B, "regional", 150).statusCode(200).body("confirmed", equalTo(true));
    }

    /**
     * A node moved after a month ended: that month's compute is its former owner's. The former owner's
     * claim is confirmed by an admin, or reported after the move; the new owner, who never ran the node
     * that month, takes no share of it (before: the former owner's claim could never be confirmed, and
     * the new owner's first report of the month was taken).
     */
    @Test
    void aMonthEndedBeforeANodeMovedStaysWithItsFormerOwner() {
        java.time.Instant moved = java.time.Instant.parse("2001-07-01T10:00:00Z"); // 2001-06 ended before
        report(operator(A), "node-a", A, "regional", 100).statusCode(200).body("confirmed", equalTo(false));
        NodeRegistryStub.move("node-a", B, moved);
        report(admin(), "node-a", A, "regional", 100).statusCode(200).body("confirmed", equalTo(true));
        report(operator(A), "node-a", A, "regional", 120).statusCode(200).body("confirmed", equalTo(false));

        NodeRegistryStub.register("node-b", A, "regional");
        NodeRegistryStub.move("node-b", B, moved);
        report(operator(B), "node-b", B, "regional", 500)
                .statusCode(409).contentType("application/problem+json").body("code", equalTo("node_owner_mismatch"));
        report(admin(), "node-b", B, "regional", 500).statusCode(409).body("code", equalTo("node_owner_mismatch"));
        assertThat(scalar(pool, "SELECT count(*) FROM compute_report WHERE node_id = 'node-b'")).isZero();
        report(operator(A), "node-b", A, "regional", 90).statusCode(200);
        assertThat(scalar(pool, "SELECT count(*) FROM compute_report WHERE node_id = 'node-b' AND account = $1", A)).isEqualTo(1);

        // Moved within the month: the month is the owner's at its end (one account per node and month).
        NodeRegistryStub.register("node-d", A, "regional");
        NodeRegistryStub.move("node-d", B, java.time.Instant.parse("2001-06-20T00:00:00Z"));
        report(operator(A), "node-d", A, "regional", 70).statusCode(409).body("code", equalTo("node_owner_mismatch"));
        report(operator(B), "node-d", B, "regional", 30).statusCode(200);
    }

    @Test
    void unknownNodesWrongTiersAndAnAbsentRegistryChangeNothing() {
        report(admin(), "node-nobody", A, "regional", 1).statusCode(404).body("code", equalTo("unknown_node"));
        report(operator(A), "node-a", A, "central", 1).statusCode(409).body("code", equalTo("node_tier_mismatch"));
        NodeRegistryStub.down(true);
        report(operator(A), "node-a", A, "regional", 1).statusCode(503).body("code", equalTo("node_registry_unavailable"));
        assertThat(scalar(pool, "SELECT count(*) FROM compute_report")).isZero();
    }

    @Test
    void unitsAreBoundedPerTier() {
        report(operator(A), "node-a", A, "regional", 1_000_000_001L)
                .statusCode(400).body("code", equalTo("compute_units_too_large"));
        report(operator(A), "node-a", A, "regional", 1_000_000_000L).statusCode(200);
        report(operator(A), "node-c", A, "central", 1_000_000_001L).statusCode(200);
        report(operator(A), "node-c", A, "central", 1_000_000_000_001L)
                .statusCode(400).body("code", equalTo("compute_units_too_large"));
    }

    /** SPEC §10, four eyes: an operator who is an admin too does not confirm its own claim; another admin does. */
    @Test
    void anAdminWhoOwnsTheNodeDoesNotConfirmItsOwnFigure() {
        String both = TestTokens.mint(A, "operator", "admin");
        report(both, "node-a", A, "regional", 500).statusCode(200).body("confirmed", equalTo(false));
        report(both, "node-a", A, "regional", 500).statusCode(200).body("confirmed", equalTo(false));
        report(admin(), "node-a", A, "regional", 500).statusCode(200).body("confirmed", equalTo(true));
    }
}
