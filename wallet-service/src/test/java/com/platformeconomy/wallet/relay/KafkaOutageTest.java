package com.platformeconomy.wallet.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.platformeconomy.stack.LocalStackResource;
import com.platformeconomy.wallet.redis.Keys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Kafka goes away in the middle of a stream of charges and comes back: every event still reaches
 * billing.events and the ledger exactly once, and nothing is acknowledged in Redis meanwhile.
 *
 * <p>The broker is the local stack's own process (this module's {@code target/stack}); it is
 * frozen with SIGSTOP and resumed with SIGCONT, so that to every client it stops answering, as a
 * dead or partitioned broker does, while its data and ports stay the same. (The local stack has no
 * public hook to stop and restart only Kafka; with one, this test would stop and start it.)
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class KafkaOutageTest {

    private static final String GROUP = "wallet-relay";

    @Inject
    BillingFixture billing;

    @Inject
    BillingRelay relay;

    @Test
    void everyChargeReachesKafkaAndTheLedgerExactlyOnceAcrossAnOutage() throws Exception {
        long kafkaPid = ownKafkaBroker();
        String user = BillingFixture.account("user");
        List<BillingFixture.Moved> moved = new ArrayList<>();
        moved.add(billing.transfer("credit", "platform:treasury", user, 10_000));
        for (int i = 0; i < 20; i++) {
            moved.add(billing.charge(user, 7));
        }
        // Before the outage the relay keeps up.
        await().atMost(Duration.ofSeconds(30)).until(() -> pending() == 0 && relay.lag() < 5);

        signal("STOP", kafkaPid);
        try {
            for (int i = 0; i < 30; i++) {
                moved.add(billing.charge(user, 7));
            }
            // Read but not acknowledged while Kafka cannot take them, longer than a producer request may wait.
            await().atMost(Duration.ofSeconds(5)).until(() -> pending() > 0);
            await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).until(() -> pending() > 0);
            assertThat(billing.redis().stream(String.class).xlen(Keys.BILLING_STREAM)).isGreaterThanOrEqualTo(30);
            for (int i = 0; i < 10; i++) {
                moved.add(billing.charge(user, 7));
            }
        } finally {
            signal("CONT", kafkaPid);
        }
        for (int i = 0; i < 20; i++) {
            moved.add(billing.charge(user, 7));
        }

        Set<String> ids = moved.stream().map(BillingFixture.Moved::eventId).collect(Collectors.toSet());
        Map<String, List<ConsumerRecord<String, String>>> seen =
                BillingFixture.readUntilAll(ids, Duration.ofSeconds(120), Duration.ofSeconds(3));
        assertThat(seen.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(seen.entrySet()).allSatisfy(e -> assertThat(e.getValue()).as(e.getKey()).hasSize(1));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(billing.ledgerRowCount(ids)).isEqualTo(2L * ids.size()));
        assertThat(billing.ledgerRows(ids).values()).allSatisfy(rows ->
                assertThat(rows.stream().mapToLong(Map.Entry::getValue).sum()).isZero());
        assertThat(billing.ledgerBalance(user)).isEqualTo(billing.balance(user)).isEqualTo(10_000 - 80 * 7);
        await().atMost(Duration.ofSeconds(10)).until(() -> pending() == 0);
    }

    private long pending() {
        return billing.redis().stream(String.class).xpending(Keys.BILLING_STREAM, GROUP).getPendingCount();
    }

    /** The pid of the Kafka broker this module's test stack started, or the test is skipped (a shared or containerised stack). */
    private static long ownKafkaBroker() throws IOException {
        Path processes = Path.of(System.getProperty("pes.stack.dir", "target/stack")).resolve("processes.properties");
        boolean given = System.getProperty("pes.stack.file", System.getenv("PES_STACK_FILE")) != null;
        Assumptions.assumeTrue(!given && Files.exists(processes),
                "needs the Kafka broker of this module's own local stack; a shared stack is not to be stopped");
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(processes)) {
            properties.load(in);
        }
        long pid = Long.parseLong(properties.getProperty("kafka.pid"));
        Path cmdline = Path.of("/proc", Long.toString(pid), "cmdline");
        String command = Files.isReadable(cmdline) ? Files.readString(cmdline).replace('\0', ' ') : "";
        Assumptions.assumeTrue(command.contains("kafka.Kafka"), "pid " + pid + " is not our Kafka broker");
        return pid;
    }

    private static void signal(String signal, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }
}
