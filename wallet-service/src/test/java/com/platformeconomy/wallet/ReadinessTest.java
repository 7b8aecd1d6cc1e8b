package com.platformeconomy.wallet;

import com.platformeconomy.stack.LocalStackResource;
import com.platformeconomy.stack.ServiceProbes;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class ReadinessTest {

    @Test
    void readyWithItsRealRedisPostgresAndKafka() {
        ServiceProbes.assertReadyWith(ServiceProbes.REDIS, ServiceProbes.POSTGRES, ServiceProbes.KAFKA);
    }

    @Test
    void liveMetricsAndOpenApiAnswer() {
        ServiceProbes.assertOperationalEndpoints();
    }
}
