package com.platformeconomy.stack;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * What every service's readiness test proves (SPEC §8 "Observability"): /q/health/ready is UP with
 * a check for each of its own backing stores, and liveness, metrics and OpenAPI answer. A service's
 * {@code ReadinessTest} extends this and names its stores.
 */
public abstract class ReadinessContract {

    /** The readiness checks Quarkus registers for each backing store. */
    public static final String POSTGRES = "Reactive PostgreSQL connections health check";
    public static final String KAFKA = "Kafka connection health check";
    public static final String REDIS = "Redis connection health check";

    private final String[] checks;

    protected ReadinessContract(String... checks) {
        this.checks = checks;
    }

    @Test
    void readyWithItsOwnRealStores() {
        // A Kafka consumer reports ready once it has its partitions, a moment after start.
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().when().get("/q/health/ready")
                        .then().statusCode(200)
                        .body("status", equalTo("UP"))
                        .body("checks.name", hasItems(checks)));
    }

    @Test
    void liveMetricsAndOpenApiAnswer() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/metrics").then().statusCode(200);
        given().when().get("/q/openapi").then().statusCode(200);
    }
}
