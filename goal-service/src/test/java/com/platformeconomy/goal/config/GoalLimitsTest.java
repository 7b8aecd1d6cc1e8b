package com.platformeconomy.goal.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GoalLimitsTest {

    @Test
    void theDefaultBudgetCapPassesAndOnePast2To53IsRefused() {
        GoalLimits.check(1_000_000_000_000L);
        assertThatThrownBy(() -> GoalLimits.check(9_007_199_254_740_992L)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("goal.max-budget-tokens");
    }
}
