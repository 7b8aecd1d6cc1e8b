package com.platformeconomy.contracts.money;

/**
 * The developer split of seeds/002 (SPEC §2): {@code developer_share = floor(total_cost ×
 * revenue_split_dev / 100)}, {@code platform_share = total_cost − developer_share}; whole tokens,
 * so nothing is created or lost.
 */
public final class RevenueSplit {

    public record Shares(long totalCost, long developerShare, long platformShare) {
    }

    private RevenueSplit() {
    }

    public static Shares split(long totalCost, int revenueSplitDev) {
        if (totalCost < 0) {
            throw new IllegalArgumentException("total_cost must not be negative: " + totalCost);
        }
        if (revenueSplitDev < 0 || revenueSplitDev > 100) {
            throw new IllegalArgumentException("revenue_split_dev must be 0..100: " + revenueSplitDev);
        }
        // Both factors are non-negative, so integer division is the floor; multiplyExact refuses overflow.
        long developerShare = Math.multiplyExact(totalCost, (long) revenueSplitDev) / 100;
        return new Shares(totalCost, developerShare, totalCost - developerShare);
    }

    /** What a user pays per call: the base price plus the platform fee, which a BYOLLM user does not pay. */
    public static long totalCost(long basePrice, long platformFee, boolean byollm) {
        return Math.addExact(basePrice, byollm ? 0 : platformFee);
    }
}
