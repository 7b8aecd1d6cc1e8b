package com.platformeconomy.goal.goal;

import java.time.Instant;

/** A trading goal as the API shows it. */
public record GoalView(
        String goalId, String requestId, String type, String title, String strategy, String market,
        long budgetTokens, int maxLossPercent, String mode, String status, String fundingSource,
        String createdBy, Instant createdAt, Instant updatedAt) {

    public static GoalView of(TradingGoal goal) {
        return new GoalView(goal.goalId, goal.requestId, goal.type, goal.title, goal.strategy, goal.market,
                goal.budgetTokens, goal.maxLossPercent, goal.mode, goal.status, goal.fundingSource,
                goal.createdBy, goal.createdAt, goal.updatedAt);
    }
}
