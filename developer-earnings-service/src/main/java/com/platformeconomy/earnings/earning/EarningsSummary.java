package com.platformeconomy.earnings.earning;

/**
 * GET /v1/developer/earnings, exactly the seed's shape. {@code total_earnings} = Σ developer_share
 * + Σ adjustments; {@code paid_out} = Σ payouts approved or paid; {@code pending_payout} =
 * total_earnings − paid_out.
 */
public record EarningsSummary(long totalEarnings, long totalPlatformShare, long pendingPayout, long paidOut) {

    public static EarningsSummary of(long shares, long adjustments, long platformShare, long paidOut) {
        long earned = Math.addExact(shares, adjustments);
        return new EarningsSummary(earned, platformShare, Math.subtractExact(earned, paidOut), paidOut);
    }
}
