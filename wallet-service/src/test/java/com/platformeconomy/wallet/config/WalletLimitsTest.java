package com.platformeconomy.wallet.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WalletLimitsTest {

    private static final long MAX = 9_007_199_254_740_991L;

    @Test
    void theDefaultsHoldTogether() {
        WalletLimits.check(MAX, 500, 1_000_000, 2_000_000, Duration.ofMinutes(15), 500);
    }

    @Test
    void aValueBreakingARelationshipIsRefused() {
        assertThatThrownBy(() -> WalletLimits.check(MAX + 1, 500, 1_000_000, 2_000_000, Duration.ofMinutes(15), 500))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("wallet.max-amount");
        assertThatThrownBy(() -> WalletLimits.check(MAX, 500, 1_000_000, 999_999, Duration.ofMinutes(15), 500))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("daily-max-tokens");
        assertThatThrownBy(() -> WalletLimits.check(999_999, 500, 1_000_000, 2_000_000, Duration.ofMinutes(15), 500))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("its credit could not land");
        assertThatThrownBy(() -> WalletLimits.check(MAX, 2_000, 1_000, 2_000_000, Duration.ofMinutes(15), 500))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("min-tokens");
        assertThatThrownBy(() -> WalletLimits.check(MAX, 500, 1_000_000, 2_000_000, Duration.ofMinutes(30), 500))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Redis maxmemory");
        assertThatThrownBy(() -> WalletLimits.check(MAX, 500, 1_000_000, 2_000_000, Duration.ofMinutes(15), 2_000))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("max.poll.records");
    }

    @Test
    void theAcceptanceSpanOfAUuidV7MustBePositive() {
        WalletLimits.checkWindow(Duration.ofMinutes(15), Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofDays(7));
        assertThatThrownBy(() -> WalletLimits.checkWindow(Duration.ofMinutes(15), Duration.ofMinutes(15), Duration.ofSeconds(30),
                Duration.ofDays(7))).hasMessageContaining("wallet.replica-clock-margin");
        assertThatThrownBy(() -> WalletLimits.checkWindow(Duration.ofMinutes(15), Duration.ofMinutes(5), Duration.ofSeconds(30),
                Duration.ofMinutes(1))).hasMessageContaining("wallet.suite-id-record-ttl");
    }

    /**
     * A suite id (a tier fee, a top-up's credit, a settlement award) is applied once because Redis
     * remembers it until the ledger has booked it: a record that lives less than a day would let a
     * retry after the ledger fell that far behind (a Kafka outage of an hour) move the tokens twice.
     */
    @Test
    void aSuiteIdIsRememberedAtLeastADay() {
        WalletLimits.checkWindow(Duration.ofMinutes(15), Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofDays(1));
        assertThatThrownBy(() -> WalletLimits.checkWindow(Duration.ofMinutes(15), Duration.ofMinutes(5), Duration.ofSeconds(30),
                Duration.ofHours(23))).hasMessageContaining("wallet.suite-id-record-ttl").hasMessageContaining("PT24H");
    }
}
