package com.platformeconomy.settlement.parking;

import static io.restassured.RestAssured.given;

import com.platformeconomy.contracts.identity.Services;
import com.platformeconomy.stack.LocalStackResource;
import com.platformeconomy.stack.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * The parked-event routes are declared once, in platform's {@code ParkedEventRoutes}, and inherited
 * by a one-line resource per service: the admin guard must travel with the inherited methods. Each
 * route is tried by nobody, an end user, an operator, a service and an admin.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class ParkedEventRoutesGuardTest {

    private static final String LIST = "/api/admin/parked-events";
    private static final String REPLAY = "/api/admin/parked-events/999999999/replay";

    @Test
    void nobodyButAnAdminListsOrReplaysParkedEvents() {
        given().when().get(LIST).then().statusCode(401);
        given().when().post(REPLAY).then().statusCode(401);
        for (String token : new String[] {TestTokens.mint("user-guard", "user"), TestTokens.mint("node-op:guard", "operator"),
                TestTokens.mint("dev-guard", "developer"), TestTokens.service(Services.REVENUE, Services.SETTLEMENT)}) {
            given().auth().oauth2(token).when().get(LIST).then().statusCode(403);
            given().auth().oauth2(token).when().post(REPLAY).then().statusCode(403);
        }
        String admin = TestTokens.mint("admin:guard", "admin");
        given().auth().oauth2(admin).when().get(LIST).then().statusCode(200);
        given().auth().oauth2(admin).when().post(REPLAY).then().statusCode(404);
        given().auth().oauth2(admin).when().get(LIST + "?status=bogus").then().statusCode(400);
    }
}
