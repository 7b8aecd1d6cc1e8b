package com.platformeconomy.settlement;

import com.platformeconomy.stack.LocalStackResource;
import com.platformeconomy.stack.ServiceProbes;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class ReadinessTest {

    @Test
    void readyWithItsRealPostgresAndKafka() {
        ServiceProbes.assertReadyWith(ServiceProbes.POSTGRES, ServiceProbes.KAFKA);
    }

    @Test
    void liveMetricsAndOpenApiAnswer() {
        ServiceProbes.assertOperationalEndpoints();
    }
}
