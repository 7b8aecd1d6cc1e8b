package com.platformeconomy.earnings.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class EarningsLimitsTest {

    @Test
    void theDefaultsHoldTogether() {
        EarningsLimits.check(9000, 29000, 79000, new int[] {70, 80, 85, 95}, 500);
        EarningsLimits.checkUsdPerToken(new BigDecimal("0.001"));
    }

    /**
     * A payout stores its rate and its USD amount as NUMERIC(20,6): a rate that is not positive, has
     * more than six decimals, or prices the largest payout past 14 integer digits would fail every
     * payout request with a 500 after the developer asked; the service refuses to start instead.
     */
    @Test
    void aUsdPerTokenEveryPayoutCouldNotStoreIsRefused() {
        EarningsLimits.checkUsdPerToken(new BigDecimal("0.000001"));
        EarningsLimits.checkUsdPerToken(new BigDecimal("99.999999"));
        EarningsLimits.checkUsdPerToken(new BigDecimal("0.0010000"));
        for (String bad : new String[] {"0", "-0.001", "0.0000001", "100"}) {
            assertThatThrownBy(() -> EarningsLimits.checkUsdPerToken(new BigDecimal(bad)))
                    .as(bad).isInstanceOf(IllegalStateException.class).hasMessageContaining("earnings.usd-per-token");
        }
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
