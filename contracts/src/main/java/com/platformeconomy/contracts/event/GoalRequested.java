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

    /**
     * The request ids of revenue-service's auto-funding decisions (SPEC §6): goal-service takes them
     * only from {@link Topics#GOALS_REQUESTS}, which only revenue-service writes, never from a route;
     * otherwise an admin's goal made under an open decision's id would stand for the decision.
     */
    public static final String AUTO_FUNDING_PREFIX = "revenue-funding:";

    /**
     * The funding source of a goal revenue-service's auto-funding decision reserved from the
     * platform's excess (SPEC §6): only such a decision, over {@link Topics#GOALS_REQUESTS}, names it;
     * a goal made on a route that named it would pass for one the platform's revenue funds.
     */
    public static final String PLATFORM_REVENUE = "platform_revenue";

    /** The shape of every id goal-service takes (request id, market, funding source): 1-128 of A-Za-z0-9:._@/-. */
    public static final String ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9:._@/-]{0,127}";

    /** The longest {@code market} goal-service takes. */
    public static final int MAX_MARKET_LENGTH = 64;
}
