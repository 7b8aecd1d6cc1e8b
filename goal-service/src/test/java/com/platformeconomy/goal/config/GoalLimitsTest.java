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
        assertThatCode(() -> GoalLimits.check(vote(2, 1, 1))).doesNotThrowAnyException();
        assertThatThrownBy(() -> GoalLimits.check(vote(0, 2, 3))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("goal.vote.quorum = 0");
        assertThatThrownBy(() -> GoalLimits.check(vote(3, 0, 3))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("goal.vote.threshold-numerator = 0");
        assertThatThrownBy(() -> GoalLimits.check(vote(3, 2, -1))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("goal.vote.threshold-denominator = -1");
    }

    /**
     * Going live puts the platform's funds at risk, so no setting lets one person decide it (SPEC §7: a
     * vote): a quorum of one, a threshold a minority meets, a share above one (every proposal a 500 at
     * the database's check), a deadline already past, or a role every end user or a service holds.
     */
    @Test
    void noVoteSettingLetsOnePersonOrAMinorityDecide() {
        assertThatThrownBy(() -> GoalLimits.check(vote(1, 2, 3))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("goal.vote.quorum = 1");
        assertThatThrownBy(() -> GoalLimits.check(vote(3, 1, 3))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("more than half");
        assertThatThrownBy(() -> GoalLimits.check(vote(3, 1, 2))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("more than half");
        assertThatThrownBy(() -> GoalLimits.check(vote(3, 4, 3))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("at most 1");
        assertThatThrownBy(() -> GoalLimits.check(vote(3, 2, 3, Duration.ZERO, "admin"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("goal.vote.deadline");
        for (String role : new String[] {"user", "developer", "operator", "service:revenue-service", " "}) {
            assertThatThrownBy(() -> GoalLimits.check(vote(3, 2, 3, Duration.ofDays(7), role))).as(role)
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("goal.vote.voter-role");
        }
        assertThatCode(() -> GoalLimits.check(vote(3, 2, 3, Duration.ofDays(7), "governor"))).doesNotThrowAnyException();
    }

    private static GoalConfig.Vote vote(int quorum, int numerator, int denominator) {
        return vote(quorum, numerator, denominator, Duration.ofDays(7), "admin");
    }

    private static GoalConfig.Vote vote(int quorum, int numerator, int denominator, Duration deadline, String role) {
        return new GoalConfig.Vote() {
            @Override public int quorum() { return quorum; }
            @Override public int thresholdNumerator() { return numerator; }
            @Override public int thresholdDenominator() { return denominator; }
            @Override public Duration deadline() { return deadline; }
            @Override public String voterRole() { return role; }
        };
    }
}
