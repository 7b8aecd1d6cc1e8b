package com.platformeconomy.wallet;

import com.platformeconomy.stack.LocalStackResource;
import com.platformeconomy.stack.ReadinessContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class ReadinessTest extends ReadinessContract {

    ReadinessTest() {
        super(REDIS, POSTGRES, KAFKA, "Redis clock");
    }
}
