package com.platformeconomy.goal.config;

import com.platformeconomy.contracts.money.Limits;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/** goal-service's settings, checked when it starts: a configuration that breaks one stops the service. */
@Startup
@ApplicationScoped
public class GoalLimits {

    GoalLimits(GoalConfig config) {
        check(config.maxBudgetTokens());
        check(config.vote());
    }

    /**
     * A goal's budget is tokens the wallet holds for it and its paper book counts in: at most
     * 2^53 - 1 ({@link Limits#MAX_TOKENS}), so every script and JSON client reads it exactly.
     */
    static void check(long maxBudgetTokens) {
        Limits.requireTokens("goal.max-budget-tokens", maxBudgetTokens);
    }

    /**
     * A vote needs at least one vote cast, and its threshold is a fraction of positive integers
     * (yes/cast >= numerator/denominator, compared exactly as yes * denominator >= numerator * cast).
     */
    static void check(GoalConfig.Vote vote) {
        Limits.require(vote.quorum() >= 1, "goal.vote.quorum = " + vote.quorum() + " must be at least 1");
        Limits.require(vote.thresholdNumerator() >= 1,
                "goal.vote.threshold-numerator = " + vote.thresholdNumerator() + " must be at least 1");
        Limits.require(vote.thresholdDenominator() >= 1,
                "goal.vote.threshold-denominator = " + vote.thresholdDenominator() + " must be at least 1");
    }
}
