package com.platformeconomy.revenue.contract;

import com.platformeconomy.testkit.openapi.OpenApiContract;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Runs after the module's other tests (its own surefire execution, parent pom): every status they
 * saw a route answer is documented in the tracked contract.
 */
class ObservedStatusesTest {

    @Test
    void everyStatusTheTestsSawIsDocumented() {
        OpenApiContract.assertObservedDocumented(Path.of("openapi.yaml"), Path.of("target/observed-statuses.txt"));
    }
}
