package com.platformeconomy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.platformeconomy.stack.LocalStack;
import com.platformeconomy.stack.RunningService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Crashes in the middle of a steady load: {@code kill -9} of each service, of the Kafka broker and
 * of PostgreSQL, and a Redis restart (Redis runs with {@code appendfsync always}). After the
 * repair every request the load sent has a known outcome (those left without an answer are sent
 * again with the same id), and every invariant holds: nothing accepted was lost or counted twice.
 */
@ExtendWith(E2eSuite.Lifecycle.class)
class FaultInjectionTest {

    private final E2eSuite suite = E2eSuite.get();

    @Test
    void killWalletService() {
        killService(E2eSuite.WALLET);
    }

    @Test
    void killDeveloperEarningsService() {
        killService(E2eSuite.EARNINGS);
    }

    @Test
    void killSettlementService() {
        killService(E2eSuite.SETTLEMENT);
    }

    @Test
    void killRevenueService() {
        killService(E2eSuite.REVENUE);
    }

    @Test
    void killGoalService() {
        killService(E2eSuite.GOAL);
    }

    @Test
    void killKafka() {
        Load.underFault(suite, "kafka", () -> server("kill", "kafka"), () -> server("start", "kafka"), 20);
    }

    @Test
    void killPostgres() {
        Load.underFault(suite, "postgres", () -> server("kill", "postgres"), () -> server("start", "postgres"), 20);
    }

    @Test
    void restartRedis() {
        Load.underFault(suite, "redis", () -> server("kill", "redis"), () -> server("start", "redis"), 20);
    }

    private void killService(String module) {
        RunningService service = suite.services.get(module);
        Load.underFault(suite, module, service::kill, () -> {
            assertThat(service.alive()).isFalse();
            service.restart();
        }, 20);
    }

    private void server(String action, String name) {
        try {
            if (action.equals("kill")) {
                LocalStack.kill(suite.stackDir, name);
            } else if (name.equals("kafka")) {
                LocalStack.startKafka(suite.stackDir);
            } else if (name.equals("redis")) {
                LocalStack.startRedis(suite.stackDir);
            } else {
                LocalStack.startPostgres(suite.stackDir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
