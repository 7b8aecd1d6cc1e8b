package com.platformeconomy.wallet.contract;

import static io.restassured.RestAssured.given;

import com.platformeconomy.stack.LocalStackResource;
import com.platformeconomy.testkit.monitoring.MonitoredMetrics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Every metric the dashboard and the alerts read of wallet-service (k8s/base/monitoring/metrics.yaml) is served. */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class MonitoringMetricsTest {

    @jakarta.inject.Inject
    java.util.Optional<io.prometheus.client.exemplars.ExemplarSampler> exemplars;

    /** At the default trace ratio of 0 no span is sampled, so no metric update looks for one (issue #18). */
    @Test
    void noExemplarIsSampledWhileNoTraceIs() {
        org.assertj.core.api.Assertions.assertThat(exemplars).isEmpty();
        given().get("/v1/monitoring-probe");
        org.assertj.core.api.Assertions.assertThat(given()
                .get("/q/metrics").then().statusCode(200).extract().asString()).doesNotContain("trace_id=");
    }

    @Test
    void servesEveryMetricTheDashboardAndAlertsRead() {
        // One answered request, so that the route latency histogram has a series (whatever the status).
        given().get("/v1/monitoring-probe");
        MonitoredMetrics.assertExposed("wallet-service",
                () -> given().get("/q/metrics").then().statusCode(200).extract().asString(), 30);
    }
}
