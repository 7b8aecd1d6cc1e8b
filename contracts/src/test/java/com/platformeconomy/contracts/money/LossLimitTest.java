package com.platformeconomy.contracts.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** SPEC §6: a goal whose loss passes its max loss % stops; exactly at the limit it goes on. */
class LossLimitTest {

    @Test
    void aTenPercentLimitOnAThousandTokensAllowsAHundredAndStopsAtOneHundredAndOne() {
        assertThat(LossLimit.passes(100, 1000, 10)).isFalse();
        assertThat(LossLimit.passes(101, 1000, 10)).isTrue();
        assertThat(LossLimit.passes(0, 1000, 10)).isFalse();
        assertThat(LossLimit.passes(-50, 1000, 10)).isFalse(); // a gain
        assertThat(LossLimit.passes(1000, 1000, 100)).isFalse();
        assertThat(LossLimit.passes(1001, 1000, 100)).isTrue();
    }

    @Test
    void anImpossibleLimitIsRefused() {
        assertThatThrownBy(() -> LossLimit.passes(1, 1000, 101)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LossLimit.passes(1, -1, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Property
    void itIsTheExactComparisonOfTheLossShareWithTheLimit(
            @ForAll @LongRange(min = -1_000_000_000_000L, max = 1_000_000_000_000_000L) long loss,
            @ForAll @LongRange(min = 1, max = 1_000_000_000_000_000L) long budget,
            @ForAll @IntRange(min = 1, max = 100) int percent) {
        BigDecimal share = BigDecimal.valueOf(loss).multiply(BigDecimal.valueOf(100)).divide(BigDecimal.valueOf(budget), 40, RoundingMode.FLOOR);
        boolean exactlyAbove = BigDecimal.valueOf(loss).multiply(BigDecimal.valueOf(100))
                .compareTo(BigDecimal.valueOf(budget).multiply(BigDecimal.valueOf(percent))) > 0;
        assertThat(LossLimit.passes(loss, budget, percent)).isEqualTo(exactlyAbove);
        if (share.compareTo(BigDecimal.valueOf(percent)) < 0) {
            assertThat(LossLimit.passes(loss, budget, percent)).isFalse();
        }
    }

    @Property
    void oneTokenMoreThanTheLargestAllowedLossStopsTheGoal(
            @ForAll @LongRange(min = 1, max = 1_000_000_000_000_000L) long budget,
            @ForAll @IntRange(min = 1, max = 100) int percent) {
        long largestAllowed = BigDecimal.valueOf(budget).multiply(BigDecimal.valueOf(percent))
                .divide(BigDecimal.valueOf(100), 0, RoundingMode.FLOOR).longValueExact();
        assertThat(LossLimit.passes(largestAllowed, budget, percent)).isFalse();
        assertThat(LossLimit.passes(largestAllowed + 1, budget, percent)).isTrue();
    }
}
