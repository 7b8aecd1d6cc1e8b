package com.platformeconomy.settlement.usage;

import java.math.BigDecimal;

/** A usage record as the API shows it. */
public record UsageView(
        String usageId, String nodeId, String operatorId, String modelId, String taskSource,
        long tokensIn, long tokensOut, BigDecimal actualUsdCost, String settlementStatus,
        BigDecimal payableUsd, String notPayableReason, java.util.UUID authorizationId) {

    static UsageView of(MeteredUsage usage) {
        return new UsageView(usage.usageId, usage.nodeId, usage.operatorId, usage.modelId, usage.taskSource,
                usage.tokensIn, usage.tokensOut, usage.actualUsdCost, usage.settlementStatus,
                usage.payableUsd == null ? null : usage.payableUsd.stripTrailingZeros(), usage.notPayableReason,
                usage.authorizationId);
    }
}
