package com.platformeconomy.wallet.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.platformeconomy.contracts.event.TokensTransferred;
import com.platformeconomy.stack.LocalStackResource;
import com.platformeconomy.wallet.balance.WalletService;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The running relay backs off while the stream is idle, and a script run through LuaScripts wakes
 * it. The idle ceiling is raised to 30 s here so that a wait is long enough to tell a woken relay
 * from one that merely polled (the unit rule itself: platform's PollBackoffTest).
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
@TestProfile(BillingRelayWakeUpTest.LongIdleWait.class)
class BillingRelayWakeUpTest {

    public static class LongIdleWait implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Waits after the last entry found: 50, 100, 200, … ms; polls at +50, +150, +350, +750, +1550, +3150, +6350 ms.
            return Map.of("wallet.relay.poll-interval", "PT0.05S", "wallet.relay.idle-poll-interval", "PT30S");
        }
    }

    @Inject
    BillingFixture billing;

    @Inject
    WalletService wallets;

    @Inject
    MeterRegistry registry;

    @Test
    void anIdleRelayWaitsLongerAndLongerButAScriptThatAppendsWakesIt() throws InterruptedException {
        String user = BillingFixture.account("user");

        // An entry written behind the scripts' back (no wake-up) is found by a poll; the backoff starts over.
        double before = published();
        billing.transfer("credit", "platform:treasury", user, 1_000);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> published() > before);

        // 4 s later the relay sleeps the wait that ends near +6.35 s: another such entry stays unpublished a while.
        Thread.sleep(4_000);
        double beforeUnwoken = published();
        billing.transfer("credit", "platform:treasury", user, 10);
        Thread.sleep(1_200);
        assertThat(published()).as("no wake-up: the entry waits for the backed-off poll").isEqualTo(beforeUnwoken);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> published() > beforeUnwoken);

        // Backed off again, the relay is woken by a transfer through LuaScripts and publishes it at once.
        Thread.sleep(4_000);
        double beforeWoken = published();
        wallets.transfer(TokensTransferred.CREDIT, "platform:treasury", user, 10, "other", "test",
                "evt-" + UUID.randomUUID(), user).await().atMost(Duration.ofSeconds(10));
        await().atMost(Duration.ofMillis(1_500)).pollInterval(Duration.ofMillis(20))
                .alias("woken: published long before the backed-off poll (2 s or more away)")
                .until(() -> published() > beforeWoken);
    }

    private double published() {
        return registry.find("wallet.relay.published").counter().count();
    }
}
