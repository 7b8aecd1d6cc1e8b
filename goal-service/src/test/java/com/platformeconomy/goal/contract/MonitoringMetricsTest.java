package com.platformeconomy.goal.contract;

import static io.restassured.RestAssured.given;

import com.platformeconomy.stack.LocalStackResource;
import com.platformeconomy.testkit.monitoring.MonitoredMetrics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Every metric the dashboard and the alerts read of goal-service (k8s/base/monitoring/metrics.yaml) is served. */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class MonitoringMetricsTest {

    @Test
    void servesEveryMetricTheDashboardAndAlertsRead() {
        // One answered request, so that the route latency histogram has a series (whatever the status).
        given().get("/v1/monitoring-probe");
        MonitoredMetrics.assertExposed("goal-service",
                () -> given().get("/q/metrics").then().statusCode(200).extract().asString(), 30);
    }
}
