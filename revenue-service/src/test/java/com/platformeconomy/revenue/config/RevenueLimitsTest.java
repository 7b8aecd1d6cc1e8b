package com.platformeconomy.revenue.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RevenueLimitsTest {

    private static final long T = 1_000_000_000_000L;

    @Test
    void theDefaultsHoldTogether() {
        RevenueLimits.check(1000, 10, T, T, 1_000_000_000L, T, 500);
    }

    @Test
    void aValueBreakingARelationshipIsRefused() {
        assertThatThrownBy(() -> RevenueLimits.check(0, 10, T, T, 1_000_000_000L, T, 500))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("revenue.funding-threshold");
        assertThatThrownBy(() -> RevenueLimits.check(1000, 101, T, T, 1_000_000_000L, T, 500))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("revenue.funding-percent");
        assertThatThrownBy(() -> RevenueLimits.check(1000, 10, T, T, T + 1, T, 500))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("max-compute-units-regional");
        assertThatThrownBy(() -> RevenueLimits.check(1000, 10, 9_007_199_254_740_992L, T, 1_000_000_000L, T, 500))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("revenue.max-contribution-score");
        assertThatThrownBy(() -> RevenueLimits.check(1000, 10, T, T, 1_000_000_000L, T, 5_000))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("max.poll.records");
    }

    /** A funded goal goal-service would refuse makes every decision a refusal: the service does not start. */
    @Test
    void whatAutoFundingAsksForIsAGoalGoalServiceCanCreate() {
        RevenueLimits.checkFundedGoal(30, 10, "crypto:BTC-USD", java.time.Duration.ofHours(24));
        assertThatThrownBy(() -> RevenueLimits.checkFundedGoal(30, 0, "crypto:BTC-USD", java.time.Duration.ofHours(24)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("revenue.funding-max-loss-percent");
        assertThatThrownBy(() -> RevenueLimits.checkFundedGoal(30, 101, "crypto:BTC-USD", java.time.Duration.ofHours(24)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("revenue.funding-max-loss-percent");
        assertThatThrownBy(() -> RevenueLimits.checkFundedGoal(30, 10, "crypto BTC", java.time.Duration.ofHours(24)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("revenue.funding-market");
        assertThatThrownBy(() -> RevenueLimits.checkFundedGoal(30, 10, "m".repeat(65), java.time.Duration.ofHours(24)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("revenue.funding-market");
        assertThatThrownBy(() -> RevenueLimits.checkFundedGoal(0, 10, "crypto:BTC-USD", java.time.Duration.ofHours(24)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("revenue.funding-window-days");
        assertThatThrownBy(() -> RevenueLimits.checkFundedGoal(30, 10, "crypto:BTC-USD", java.time.Duration.ofHours(-1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("revenue.funding-retry-after");
        assertThatThrownBy(() -> RevenueLimits.checkFundedGoal(30, 10, "crypto:BTC-USD", java.time.Duration.ofDays(3650)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("revenue.funding-retry-after");
    }

    /**
     * The central 1% goes to revenue.central-account every month: an account the wallet refuses to
     * credit (escrow, the treasury, the revenue account itself, or no account at all) would park every
     * month's credit while the run records it paid.
     */
    @Test
    void theCentralAccountIsOneTheWalletCredits() {
        RevenueLimits.checkDistribution("platform:central");
        RevenueLimits.checkDistribution("user:foundation");
        for (String refused : new String[] {"platform:revenue", "platform:treasury", "escrow", "Platform:central", "central",
                "platform:", "user:", ""}) {
            assertThatThrownBy(() -> RevenueLimits.checkDistribution(refused))
                    .as(refused).isInstanceOf(IllegalStateException.class).hasMessageContaining("revenue.central-account");
        }
    }
}
