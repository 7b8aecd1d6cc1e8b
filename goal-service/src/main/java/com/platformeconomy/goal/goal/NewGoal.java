package com.platformeconomy.goal.goal;

/** A validated request for a goal, whichever way it arrived (REST or {@code goals.requests}). */
public record NewGoal(
        String requestId,
        String type,
        String title,
        String strategy,
        String market,
        long budgetTokens,
        int maxLossPercent,
        String mode,
        String fundingSource,
        String createdBy) {
}
