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
        underLoad("kafka", () -> server("kill", "kafka"), () -> server("start", "kafka"));
    }

    @Test
    void killPostgres() {
        underLoad("postgres", () -> server("kill", "postgres"), () -> server("start", "postgres"));
    }

    @Test
    void restartRedis() {
        underLoad("redis", () -> server("kill", "redis"), () -> server("start", "redis"));
    }

    private void killService(String module) {
        RunningService service = suite.services.get(module);
        underLoad(module, service::kill, () -> {
            assertThat(service.alive()).isFalse();
            service.restart();
        });
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

    /**
     * Load; the fault while it runs; the load goes on against the broken suite for a while; the
     * repair; the load goes on; then every outcome is resolved, the nodes settled, and the
     * invariants awaited.
     */
    private void underLoad(String what, Runnable fault, Runnable repair) {
        int before = suite.model.charges().size();
        long start = System.nanoTime();
        StringBuilder phases = new StringBuilder();
        try (Load load = new Load(suite, 3, 20)) {
            load.awaitProgress(20, Duration.ofSeconds(60));
            phases.append(String.format("load %.1f s", seconds(start)));
            fault.run();
            int sentAtFault = load.sent();
            Awaitility.await("load against the broken suite").atMost(Duration.ofSeconds(30))
                    .until(() -> load.sent() >= sentAtFault + 20);
            phases.append(String.format(", fault %.1f s", seconds(start)));
            repair.run();
            phases.append(String.format(", repaired %.1f s", seconds(start)));
            load.awaitProgress(20, Duration.ofSeconds(120));
            load.stopAndResolve(Duration.ofSeconds(120));
            phases.append(String.format(", resolved %.1f s (%d requests)", seconds(start), load.sent()));
        }
        assertThat(suite.model.charges().size()).as("charges accepted under load").isGreaterThan(before);
        Invariants.awaitAll(suite, Duration.ofSeconds(120)); // what was in flight has landed …
        phases.append(String.format(", consistent %.1f s", seconds(start)));
        suite.settle(); // … so the nodes' records are settled against a complete record
        Invariants.awaitAll(suite, Duration.ofSeconds(120));
        System.out.printf("e2e fault %s: %s, settled and consistent %.1f s%n", what, phases, seconds(start));
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
