package com.platformeconomy.settlement.settings;

import java.math.BigDecimal;

/** The source's provider dashboard ({@code GET /api/settings/compute/provider}) for one node. */
public record ProviderView(
        String nodeId, String operatorId, String nodeTier, boolean joined,
        ComputeStats computeStats, ProviderIdentity providerIdentity,
        PendingSettlements pendingSettlements, RewardSummary rewardSummary, NotPayable notPayable) {

    /** USD of hive/idle calls this node paid for: ever, and in today's UTC day. */
    public record ComputeStats(BigDecimal meteredApiCostsAbsorbed, BigDecimal meteredApiCostsToday) {
    }

    public record ProviderIdentity(String causeAlignment, BigDecimal electricityRateKwh) {
    }

    /** Hive/idle records of this node not yet settled. */
    public record PendingSettlements(long count, BigDecimal totalUsd) {
    }

    /** Spark awarded for this node's records, and in how many settlement batches. */
    public record RewardSummary(long totalSparkEarned, long totalRewards) {
    }

    /**
     * Hive/idle records of this node that will never be paid (SPEC §10), in all and per reason
     * ({@code metered_for_hive_disabled}, {@code no_authorization}, {@code daily_cap_reached}, …).
     */
    public record NotPayable(long count, BigDecimal totalUsd, java.util.List<Reason> reasons) {
        static NotPayable of(java.util.List<Reason> reasons) {
            return new NotPayable(reasons.stream().mapToLong(Reason::count).sum(),
                    reasons.stream().map(Reason::totalUsd).reduce(BigDecimal.ZERO, BigDecimal::add).stripTrailingZeros(),
                    reasons);
        }
    }

    public record Reason(String reason, long count, BigDecimal totalUsd) {
    }
}
