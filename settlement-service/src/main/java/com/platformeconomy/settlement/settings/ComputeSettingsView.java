package com.platformeconomy.settlement.settings;

import java.math.BigDecimal;

/** A node's compute settings as the source's {@code GET /api/settings/compute} shows them. */
public record ComputeSettingsView(
        String nodeId, String operatorId, String nodeTier, boolean joined,
        String computePolicy, String hiveComputePolicy, int maxHiveGpuPct,
        boolean allowMeteredForHive, BigDecimal meteredDailyLimitUsd, BigDecimal offeredGpuHoursPerDay,
        boolean acceptThoughtExperiments, boolean acceptFrontierTraining,
        boolean autoSettle, long minSettlementSpark,
        BigDecimal electricityRateKwh, String causeAlignment) {

    static ComputeSettingsView of(NodeComputeSettings s) {
        return new ComputeSettingsView(s.nodeId, s.operatorId, s.nodeTier, s.joinedAt != null,
                s.computePolicy, s.hiveComputePolicy, s.maxHiveGpuPct,
                s.allowMeteredForHive, plain(s.meteredDailyLimitUsd), plain(s.offeredGpuHoursPerDay),
                s.acceptThoughtExperiments, s.acceptFrontierTraining,
                s.autoSettle, s.minSettlementSpark,
                plain(s.electricityRateKwh), s.causeAlignment);
    }

    /** 5 rather than 5.000000: the figure as the operator set it. */
    private static BigDecimal plain(BigDecimal value) {
        return value == null ? null : value.stripTrailingZeros();
    }
}
