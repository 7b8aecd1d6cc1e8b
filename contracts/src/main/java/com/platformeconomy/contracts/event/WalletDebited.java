package com.platformeconomy.contracts.event;

/**
 * A generic debit of a wallet (SPEC §9), e.g. commercial API usage or ad spend, which
 * revenue-service counts by {@code category}. Topic {@link Topics#BILLING_EVENTS}.
 */
public record WalletDebited(String account, long amount, String category, String reason) {

    public static final String TYPE = "com.platformeconomy.wallet.debited";

    /** The categories a debit may carry. */
    public static final java.util.Set<String> CATEGORIES = java.util.Set.of("api_usage", "ad_spend", "tier_fee", "other");
}
