package com.platformeconomy.settlement.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class SettlementLimitsTest {

    @Test
    void theDefaultsHoldTogether() {
        SettlementLimits.check(100, new BigDecimal("1000"), 10, 100_000);
        SettlementLimits.check(1000, new BigDecimal("100"), 10, 100_000);
    }

    @Test
    void aValueBreakingARelationshipIsRefused() {
        assertThatThrownBy(() -> SettlementLimits.check(100, new BigDecimal("1e14"), 10, 100_000))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("settlement.max-usage-usd");
        // One record worth more than a day's ceiling would never be paid, and would hold back its operator's later ones.
        assertThatThrownBy(() -> SettlementLimits.check(100, new BigDecimal("10000"), 10, 100_000))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("must not exceed operator-daily-award-ceiling-spark");
        assertThatThrownBy(() -> SettlementLimits.check(100, new BigDecimal("1000"), 200_000, 100_000))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("settlement.min-settlement-spark");
        assertThatThrownBy(() -> SettlementLimits.check(100, new BigDecimal("1000"), 10, 0))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("operator-daily-award-ceiling-spark");
    }
}
