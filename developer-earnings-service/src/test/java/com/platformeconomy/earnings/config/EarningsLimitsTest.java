package com.platformeconomy.earnings.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EarningsLimitsTest {

    @Test
    void theDefaultsHoldTogether() {
        EarningsLimits.check(9000, 29000, 79000, new int[] {70, 80, 85, 95}, 500);
    }

    @Test
    void aValueBreakingARelationshipIsRefused() {
        assertThatThrownBy(() -> EarningsLimits.check(0, 29000, 79000, new int[] {70, 80, 85, 95}, 500))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("earnings.indie-annual-cost");
        assertThatThrownBy(() -> EarningsLimits.check(9000, 29000, 79000, new int[] {70, 80, 85, 101}, 500))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("0..100");
        assertThatThrownBy(() -> EarningsLimits.check(9000, 29000, 79000, new int[] {70, 80, 85, 95}, 1025))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("max.poll.records");
    }
}
