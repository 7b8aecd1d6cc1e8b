package com.platformeconomy.goal.config;

import com.platformeconomy.contracts.identity.Roles;
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
     * A goal's budget is what its paper book counts in (no wallet holds it: goals trade on paper, and a
     * live broker would first need the budget reserved in the wallet; goal-service README): at most
     * 2^53 - 1 ({@link Limits#MAX_TOKENS}), so every script and JSON client reads it exactly.
     */
    static void check(long maxBudgetTokens) {
        Limits.requireTokens("goal.max-budget-tokens", maxBudgetTokens);
    }

    /**
     * A vote no one person decides (going live puts the platform's funds at risk): at least two votes
     * cast, a threshold of positive integers above one half and at most one (yes/cast >=
     * numerator/denominator, compared exactly as yes * denominator >= numerator * cast; above one, the
     * database's check refused every proposal), a deadline still ahead, and a voter role that neither
     * every end user nor a service holds.
     */
    static void check(GoalConfig.Vote vote) {
        Limits.require(vote.quorum() >= 2, "goal.vote.quorum = " + vote.quorum() + " must be at least 2: one vote is one person's decision");
        Limits.require(vote.thresholdNumerator() >= 1,
                "goal.vote.threshold-numerator = " + vote.thresholdNumerator() + " must be at least 1");
        Limits.require(vote.thresholdDenominator() >= 1,
                "goal.vote.threshold-denominator = " + vote.thresholdDenominator() + " must be at least 1");
        Limits.require(vote.thresholdNumerator() <= vote.thresholdDenominator(), "goal.vote.threshold "
                + vote.thresholdNumerator() + "/" + vote.thresholdDenominator() + " must be at most 1");
        Limits.require(2L * vote.thresholdNumerator() > vote.thresholdDenominator(), "goal.vote.threshold "
                + vote.thresholdNumerator() + "/" + vote.thresholdDenominator() + " must be more than half: a minority never decides");
        Limits.require(vote.deadline() != null && !vote.deadline().isNegative() && !vote.deadline().isZero(),
                "goal.vote.deadline = " + vote.deadline() + " must be positive");
        String role = vote.voterRole() == null ? "" : vote.voterRole().strip();
        Limits.require(!role.isEmpty() && !role.equals(Roles.USER) && !role.equals(Roles.DEVELOPER) && !role.equals(Roles.OPERATOR)
                        && !role.equals(Roles.SERVICE) && !role.startsWith(Roles.SERVICE_PREFIX),
                "goal.vote.voter-role = '" + vote.voterRole() + "' must be admin or a role of its own (governor, say): "
                        + "not one every user, developer, operator or service holds");
    }
}
