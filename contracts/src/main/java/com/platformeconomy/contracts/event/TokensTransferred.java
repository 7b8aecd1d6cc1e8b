package com.platformeconomy.contracts.event;

import java.util.Set;

/**
 * Tokens moved from one wallet to another by wallet-service: a credit (top-up landing, settlement
 * award, distribution), a debit (commercial API usage, ad spend, a tier fee) or the capture of a
 * hold. Topic {@link Topics#BILLING_EVENTS}, subject the account whose order matters.
 * {@code seq} numbers every movement of tokens in the order Redis applied them.
 */
public record TokensTransferred(
        String kind,
        String fromAccount,
        String toAccount,
        long amount,
        String category,
        String reason,
        long seq) {

    public static final String TYPE = "com.platformeconomy.wallet.tokens.transferred";

    public static final String CREDIT = "credit";
    public static final String DEBIT = "debit";
    public static final String HOLD_CAPTURE = "hold_capture";

    /** The categories a debit may carry; revenue-service counts api_usage and ad_spend. */
    public static final Set<String> DEBIT_CATEGORIES = Set.of("api_usage", "ad_spend", "tier_fee", "other");
}
