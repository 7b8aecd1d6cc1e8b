package com.platformeconomy.goal.config;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GoalLimitsTest {

    @Test
    void theDefaultBudgetCapPassesAndOnePast2To53IsRefused() {
        GoalLimits.check(1_000_000_000_000L);
        assertThatThrownBy(() -> GoalLimits.check(9_007_199_254_740_992L)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("goal.max-budget-tokens");
        assertThatThrownBy(() -> GoalLimits.check(0L)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aVoteNeedsAQuorumAndAThresholdOfPositiveIntegers() {
        assertThatCode(() -> GoalLimits.check(vote(3, 2, 3))).doesNotThrowAnyException();
        assertThatCode(() -> GoalLimits.check(vote(1, 1, 1))).doesNotThrowAnyException();
        assertThatThrownBy(() -> GoalLimits.check(vote(0, 2, 3))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("goal.vote.quorum = 0");
        assertThatThrownBy(() -> GoalLimits.check(vote(3, 0, 3))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("goal.vote.threshold-numerator = 0");
        assertThatThrownBy(() -> GoalLimits.check(vote(3, 2, -1))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("goal.vote.threshold-denominator = -1");
    }

    private static GoalConfig.Vote vote(int quorum, int numerator, int denominator) {
        return new GoalConfig.Vote() {
            @Override public int quorum() { return quorum; }
            @Override public int thresholdNumerator() { return numerator; }
            @Override public int thresholdDenominator() { return denominator; }
            @Override public Duration deadline() { return Duration.ofDays(7); }
            @Override public String voterRole() { return "admin"; }
        };
    }
}
