package com.platformeconomy.goal.config;

import com.platformeconomy.contracts.money.Limits;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/** goal-service's limits, checked when it starts: a configuration that breaks one stops the service. */
@Startup
@ApplicationScoped
public class GoalLimits {

    GoalLimits(GoalConfig config) {
        check(config.maxBudgetTokens());
    }

    /**
     * A goal's budget is tokens the wallet holds for it and its paper book counts in: at most
     * 2^53 - 1 ({@link Limits#MAX_TOKENS}), so every script and JSON client reads it exactly.
     */
    static void check(long maxBudgetTokens) {
        Limits.requireTokens("goal.max-budget-tokens", maxBudgetTokens);
    }
}
