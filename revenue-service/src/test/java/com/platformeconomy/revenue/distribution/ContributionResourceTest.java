package com.platformeconomy.revenue.distribution;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.platformeconomy.stack.LocalStackResource;
import com.platformeconomy.stack.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class ContributionResourceTest {

    @Test
    void settingAScoreWithoutATokenIsRefused() {
        given().contentType(ContentType.JSON).body("{\"contribution_score\":10}")
                .when().put("/api/revenue/contributions/user:alice")
                .then().statusCode(401).contentType("application/problem+json").body("code", equalTo("unauthorized"));
    }

    @Test
    void aUserCannotSetScores() {
        given().auth().oauth2(TestTokens.mint("user:alice", "user")).contentType(ContentType.JSON)
                .body("{\"contribution_score\":10}")
                .when().put("/api/revenue/contributions/user:alice")
                .then().statusCode(403);
    }

    @Test
    void anAdminSetsAndReplacesAScore() {
        String admin = TestTokens.mint("admin:root", "admin");
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"contribution_score\":10}")
                .when().put("/api/revenue/contributions/user:carol")
                .then().statusCode(200).body("account", equalTo("user:carol")).body("contribution_score", equalTo(10));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"contribution_score\":25}")
                .when().put("/api/revenue/contributions/user:carol")
                .then().statusCode(200).body("contribution_score", equalTo(25));
    }

    @Test
    void badScoresAndAccountsAreRefused() {
        String admin = TestTokens.mint("admin:root", "admin");
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"contribution_score\":-1}")
                .when().put("/api/revenue/contributions/user:dave")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("contribution_score"));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"contribution_score\":1.5}")
                .when().put("/api/revenue/contributions/user:dave")
                .then().statusCode(400).body("errors.field", hasItem("contribution_score"));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"contribution_score\":10}")
                .when().put("/api/revenue/contributions/node-op:n1")
                .then().statusCode(400).body("errors.field", hasItem("account"));
    }

    /**
     * An account the wallet cannot hold (its name must begin with a letter or digit) would be given a
     * share of the user pool whose credit the wallet parks for ever: the pool counted as paid, the
     * share paid to no one. Refused here instead, as the wallet would refuse it.
     */
    @Test
    void anAccountTheWalletCannotHoldIsRefused() {
        String admin = TestTokens.mint("admin:root", "admin");
        for (String account : java.util.List.of("user:_bob", "user:.bob", "user:-bob", "user:@bob")) {
            given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"contribution_score\":1}")
                    .when().put("/api/revenue/contributions/" + account)
                    .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("account"));
        }
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"contribution_score\":1}")
                .when().put("/api/revenue/contributions/user:b_o.b@x-1")
                .then().statusCode(200).body("account", org.hamcrest.Matchers.equalTo("user:b_o.b@x-1"));
    }

    /** SPEC §10, four eyes: an admin does not weigh its own account in the user pool; another admin does. */
    @Test
    void anAdminDoesNotSetItsOwnScore() {
        String both = TestTokens.mint("user:erin", "user", "admin");
        given().auth().oauth2(both).contentType(ContentType.JSON).body("{\"contribution_score\":1000}")
                .when().put("/api/revenue/contributions/user:erin")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.mint("admin:root", "admin")).contentType(ContentType.JSON).body("{\"contribution_score\":2}")
                .when().put("/api/revenue/contributions/user:erin").then().statusCode(200);
    }
}
