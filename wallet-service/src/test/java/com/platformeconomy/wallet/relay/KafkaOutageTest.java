package com.platformeconomy.wallet.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.platformeconomy.contracts.event.AppCatalogEntry;
import com.platformeconomy.stack.LocalStack;
import com.platformeconomy.stack.LocalStackResource;
import com.platformeconomy.wallet.WalletApi;
import com.platformeconomy.wallet.catalog.AppCatalog;
import com.platformeconomy.wallet.redis.Keys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Kafka is stopped in the middle of a stream of real charges and started again: charging goes on
 * meanwhile (the hot path needs only Redis), nothing is acknowledged in Redis while Kafka is away,
 * and every event still reaches billing.events and the ledger exactly once.
 *
 * <p>The broker is this module's own local stack's ({@code target/stack}); a test given a shared
 * stack ({@code PES_STACK_FILE}) is skipped rather than stop someone else's Kafka.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class KafkaOutageTest {

    private static final String GROUP = "wallet-relay";

    @Inject
    Keys keys;

    @Inject
    BillingFixture billing;

    @Inject
    BillingRelay relay;

    @Inject
    AppCatalog catalog;

    @Test
    void everyChargeReachesKafkaAndTheLedgerExactlyOnceAcrossAnOutage() throws Exception {
        Path stack = ownStack();
        String appId = "outage-" + UUID.randomUUID().toString().substring(0, 8);
        catalog.put(new AppCatalogEntry(appId, "dev:" + appId, "active", "paid", 5, 2, 70, 1)).await().indefinitely();
        String user = WalletApi.newUser();
        String credit = WalletApi.newEventId();
        WalletApi.credit(user, credit, 10_000).statusCode(201);
        List<String> ids = new ArrayList<>(List.of(credit));
        charges(ids, user, appId, 20);
        // Before the outage the relay keeps up.
        await().atMost(Duration.ofSeconds(30)).until(() -> pending() == 0 && relay.lag() < 5);

        LocalStack.stopKafka(stack);
        try {
            charges(ids, user, appId, 30);
            // Read but not acknowledged while Kafka cannot take them, longer than a producer request may wait.
            await().atMost(Duration.ofSeconds(5)).until(() -> pending() > 0);
            await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).until(() -> pending() > 0);
            charges(ids, user, appId, 10);
        } finally {
            LocalStack.startKafka(stack);
        }
        charges(ids, user, appId, 20);

        Map<String, List<ConsumerRecord<String, String>>> seen =
                BillingFixture.readUntilAll(new HashSet<>(ids), Duration.ofSeconds(120), Duration.ofSeconds(3));
        assertThat(seen.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(seen.entrySet()).allSatisfy(e -> assertThat(e.getValue()).as(e.getKey()).hasSize(1));

        Set<String> idSet = new HashSet<>(ids);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(billing.ledgerRowCount(idSet)).isEqualTo(2L * ids.size()));
        assertThat(billing.ledgerRows(idSet).values()).allSatisfy(rows ->
                assertThat(rows.stream().mapToLong(Map.Entry::getValue).sum()).isZero());
        assertThat(billing.ledgerBalance(user)).isEqualTo(billing.balance(user)).isEqualTo(10_000 - 80 * 7);
        await().atMost(Duration.ofSeconds(10)).until(() -> pending() == 0);
    }

    private static void charges(List<String> ids, String user, String appId, int count) {
        for (int i = 0; i < count; i++) {
            String eventId = WalletApi.newEventId();
            WalletApi.charge(eventId, user, appId, "action", false).statusCode(201);
            ids.add(eventId);
        }
    }

    private long pending() {
        return billing.redis().stream(String.class).xpending(keys.bucket(0).billingStream(), GROUP).getPendingCount();
    }

    /** This module's own local stack, or the test is skipped (a shared or containerised stack is not to be stopped). */
    private static Path ownStack() {
        Path dir = Path.of(System.getProperty("pes.stack.dir", "target/stack")).toAbsolutePath();
        boolean given = System.getProperty("pes.stack.file", System.getenv("PES_STACK_FILE")) != null;
        Assumptions.assumeTrue(!given && Files.exists(dir.resolve("processes.properties")),
                "needs the Kafka broker of this module's own local stack; a shared stack is not to be stopped");
        return dir;
    }
}
