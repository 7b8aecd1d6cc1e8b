package com.platformeconomy.wallet.topup;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The start-up guard: no sandbox in production, no Stripe without its secrets. */
class GatewaySelectionTest {

    @Test
    void productionWithoutStripeSecretsDoesNotStart() {
        assertThatThrownBy(() -> GatewaySelection.require("stripe", List.of("prod"), Optional.empty(), Optional.empty()))
                .hasMessageContaining("will not start")
                .hasMessageContaining("WALLET_TOPUP_STRIPE_SECRET_KEY")
                .hasMessageContaining("WALLET_TOPUP_STRIPE_WEBHOOK_SECRET");
        assertThatThrownBy(() -> GatewaySelection.require("stripe", List.of("prod"), Optional.of("sk_live_x"), Optional.of(" ")))
                .hasMessageContaining("WALLET_TOPUP_STRIPE_WEBHOOK_SECRET");
        assertThatCode(() -> GatewaySelection.require("stripe", List.of("prod"), Optional.of("sk_live_x"), Optional.of("whsec_x")))
                .doesNotThrowAnyException();
    }

    @Test
    void theSandboxRunsOnlyInDevAndTest() {
        assertThatThrownBy(() -> GatewaySelection.require("sandbox", List.of("prod"), Optional.empty(), Optional.empty()))
                .hasMessageContaining("only in the dev and test profiles");
        assertThatCode(() -> GatewaySelection.require("sandbox", List.of("dev"), Optional.empty(), Optional.empty()))
                .doesNotThrowAnyException();
        // A production start with dev added to its profiles (QUARKUS_PROFILE=prod,dev) is still production.
        assertThatThrownBy(() -> GatewaySelection.require("sandbox", List.of("prod", "dev"), Optional.empty(), Optional.empty()))
                .hasMessageContaining("only in the dev and test profiles");
        assertThatThrownBy(() -> GatewaySelection.require("sandbox", List.of("test", "prod"), Optional.empty(), Optional.empty()))
                .hasMessageContaining("only in the dev and test profiles");
        assertThatThrownBy(() -> GatewaySelection.require("sandbox", List.of("staging", "dev"), Optional.empty(), Optional.empty()))
                .hasMessageContaining("only in the dev and test profiles");
        assertThatCode(() -> GatewaySelection.require("sandbox", List.of("dev", "test"), Optional.empty(), Optional.empty()))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> GatewaySelection.require("paypal", List.of("dev"), Optional.empty(), Optional.empty()))
                .hasMessageContaining("must be stripe or sandbox");
    }
}
