package com.platformeconomy.contracts.event;

/**
 * A request for a trading goal (SPEC §6–§7); goal-service creates at most one goal per
 * {@code requestId}. Topic {@link Topics#GOALS_REQUESTS}.
 */
public record GoalRequested(
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

    public static final String TYPE = "com.platformeconomy.goal.requested";
}
