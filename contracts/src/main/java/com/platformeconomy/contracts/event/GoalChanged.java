package com.platformeconomy.contracts.event;

/**
 * What happened to a trading goal: {@code change} is created, went_live or stopped (SPEC §7).
 * Topic {@link Topics#GOALS_EVENTS}, key the goal id.
 */
public record GoalChanged(
        String goalId,
        String requestId,
        String change,
        String status,
        String mode,
        long budgetTokens,
        String fundingSource) {

    public static final String TYPE = "com.platformeconomy.goal.changed";
}
