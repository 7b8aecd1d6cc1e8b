package com.platformeconomy.earnings.portal;

import com.platformeconomy.earnings.earning.EarningsSummary;

/**
 * Beside the seed's four figures: tokens requested and awaiting an admin, and what may still be
 * requested ({@code pending_payout − awaiting}, the limit POST /v1/developer/payouts applies).
 */
public record PayoutTotals(long awaiting, long available) {

    static PayoutTotals of(EarningsSummary summary, long awaiting) {
        return new PayoutTotals(awaiting, summary.pendingPayout() - awaiting);
    }
}
