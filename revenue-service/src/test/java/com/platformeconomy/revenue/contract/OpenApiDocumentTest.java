package com.platformeconomy.revenue.contract;

import static io.restassured.RestAssured.given;

import com.platformeconomy.stack.LocalStackResource;
import com.platformeconomy.testkit.openapi.OpenApiContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The served contract is the tracked revenue-service/openapi.yaml, and clean (testkit OpenApiContract). */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class OpenApiDocumentTest {

    @Test
    void servedDocumentIsTheTrackedOneAndClean() {
        String served = given().get("/q/openapi").then().statusCode(200).extract().asString();
        OpenApiContract.assertTrackedAndClean(served, Path.of("openapi.yaml"));
    }
}
