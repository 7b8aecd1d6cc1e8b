package com.platformeconomy.wallet.topup;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The start-up guard: no sandbox in production, no Stripe without its secrets, no test-mode Stripe where tokens are real. */
class GatewaySelectionTest {

    @Test
    void productionWithoutStripeSecretsDoesNotStart() {
        assertThatThrownBy(() -> GatewaySelection.require("stripe", List.of("prod"), Optional.empty(), Optional.empty(), true))
                .hasMessageContaining("will not start")
                .hasMessageContaining("WALLET_TOPUP_STRIPE_SECRET_KEY")
                .hasMessageContaining("WALLET_TOPUP_STRIPE_WEBHOOK_SECRET");
        assertThatThrownBy(() -> GatewaySelection.require("stripe", List.of("prod"), Optional.of("sk_live_x"), Optional.of(" "), true))
                .hasMessageContaining("WALLET_TOPUP_STRIPE_WEBHOOK_SECRET");
        assertThatCode(() -> GatewaySelection.require("stripe", List.of("prod"), Optional.of("sk_live_x"), Optional.of("whsec_x"), true))
                .doesNotThrowAnyException();
    }

    @Test
    void theSandboxRunsOnlyInDevAndTest() {
        assertThatThrownBy(() -> GatewaySelection.require("sandbox", List.of("prod"), Optional.empty(), Optional.empty(), true))
                .hasMessageContaining("only in the dev and test profiles");
        assertThatCode(() -> GatewaySelection.require("sandbox", List.of("dev"), Optional.empty(), Optional.empty(), true))
                .doesNotThrowAnyException();
        // A production start with dev added to its profiles (QUARKUS_PROFILE=prod,dev) is still production.
        assertThatThrownBy(() -> GatewaySelection.require("sandbox", List.of("prod", "dev"), Optional.empty(), Optional.empty(), true))
                .hasMessageContaining("only in the dev and test profiles");
        assertThatThrownBy(() -> GatewaySelection.require("sandbox", List.of("test", "prod"), Optional.empty(), Optional.empty(), true))
                .hasMessageContaining("only in the dev and test profiles");
        assertThatThrownBy(() -> GatewaySelection.require("sandbox", List.of("staging", "dev"), Optional.empty(), Optional.empty(), true))
                .hasMessageContaining("only in the dev and test profiles");
        assertThatCode(() -> GatewaySelection.require("sandbox", List.of("dev", "test"), Optional.empty(), Optional.empty(), true))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> GatewaySelection.require("paypal", List.of("dev"), Optional.empty(), Optional.empty(), true))
                .hasMessageContaining("must be stripe or sandbox");
    }

    /**
     * A test-mode key takes test cards (4242 4242 4242 4242): Stripe signs their webhooks and reads them back
     * succeeded, so a live service started with one would credit tokens for which no money moved.
     */
    @Test
    void aLiveServiceDoesNotStartWithATestModeKeyNorATestServiceWithALiveOne() {
        Optional<String> webhook = Optional.of("whsec_x");
        assertThatThrownBy(() -> GatewaySelection.require("stripe", List.of("prod"), Optional.of("sk_test_x"), webhook, true))
                .hasMessageContaining("will not start")
                .hasMessageContaining("test-mode")
                .hasMessageContaining("WALLET_TOPUP_STRIPE_LIVE");
        assertThatThrownBy(() -> GatewaySelection.require("stripe", List.of("prod"), Optional.of("rk_test_x"), webhook, true))
                .hasMessageContaining("test-mode");
        // A key of no known mode is not taken for a live one.
        assertThatThrownBy(() -> GatewaySelection.require("stripe", List.of("prod"), Optional.of("x_live_sk"), webhook, true))
                .hasMessageContaining("will not start");
        assertThatCode(() -> GatewaySelection.require("stripe", List.of("prod"), Optional.of("rk_live_x"), webhook, true))
                .doesNotThrowAnyException();
        // Play money (pes-dev, tests) is test mode, and a live key there would take real money it never credits.
        assertThatCode(() -> GatewaySelection.require("stripe", List.of("prod"), Optional.of("sk_test_x"), webhook, false))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> GatewaySelection.require("stripe", List.of("prod"), Optional.of("sk_live_x"), webhook, false))
                .hasMessageContaining("will not start")
                .hasMessageContaining("live-mode");
    }
}
