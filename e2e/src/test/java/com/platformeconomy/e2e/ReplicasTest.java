package com.platformeconomy.e2e;

import static com.platformeconomy.e2e.E2eSuite.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.platformeconomy.stack.RunningService;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 19, consumers in replicas: every service runs as two replicas against the same stack (each
 * Kafka topic has 4 partitions, so both replicas of a consumer group get some), load runs, and one
 * replica of each is killed with -9 in the middle of it. The survivors take over the dead ones'
 * partitions (and wallet-service's relay takes over its billing-stream entries); every request's
 * outcome is resolved and the invariants hold: nothing booked twice, nothing lost.
 */
@ExtendWith(E2eSuite.Lifecycle.class)
class ReplicasTest {

    private static final List<String> CONSUMING = List.of(WALLET, EARNINGS, SETTLEMENT, REVENUE, GOAL);

    private final E2eSuite suite = E2eSuite.get();

    @Test
    void everyServiceInTwoReplicasLosesOneUnderLoadAndTheInvariantsHold() {
        long start = System.nanoTime();
        Map<String, RunningService> second = new LinkedHashMap<>();
        try {
            for (String module : CONSUMING) {
                second.put(module, suite.replica(module));
            }
            double started = seconds(start);
            // Both replicas of each service consume: the group gave each some of the partitions.
            Awaitility.await("partitions shared by the two replicas of every service").atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                        for (String module : CONSUMING) {
                            assertThat(assignedPartitions(suite.url(module))).as(module + " replica 1").isPositive();
                            assertThat(assignedPartitions(second.get(module).url())).as(module + " replica 2").isPositive();
                        }
                    });
            // The survivors take the dead replicas' partitions after the group's session timeout (6 s here),
            // and the load goes on for 60 requests against the survivors alone.
            Load.underFault(suite, "replicas (every second replica killed)",
                    () -> second.values().forEach(RunningService::kill),
                    () -> CONSUMING.forEach(module -> assertThat(second.get(module).alive()).as(module + " replica 2 was killed").isFalse()),
                    60);
            System.out.printf("e2e replicas: five second replicas ready in %.1f s, killed under load, consistent %.1f s%n",
                    started, seconds(start));
        } finally {
            second.values().forEach(RunningService::close);
        }
    }

    /** The partitions the service's Kafka consumers hold now (the client's own metric). */
    private static double assignedPartitions(String url) {
        return Http.get(url + "/q/metrics", null).body().lines().filter(line -> line.startsWith("kafka_consumer_coordinator_assigned_partitions{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
