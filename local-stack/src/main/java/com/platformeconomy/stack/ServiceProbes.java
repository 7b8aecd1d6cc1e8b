package com.platformeconomy.stack;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

/** The checks every service's tests make of its operational endpoints (SPEC §8 "Observability"). */
public final class ServiceProbes {

    /** The readiness checks Quarkus registers for each backing store. */
    public static final String POSTGRES = "Database connections health check";
    public static final String KAFKA = "Kafka connection health check";
    public static final String REDIS = "Redis connection health check";

    private ServiceProbes() {
    }

    /** {@code /q/health/ready} is UP and includes each named check. */
    public static void assertReadyWith(String... checks) {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems(checks));
    }

    /** Liveness, Prometheus metrics and the OpenAPI document answer. */
    public static void assertOperationalEndpoints() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/metrics").then().statusCode(200);
        given().when().get("/q/openapi").then().statusCode(200);
    }
}
