package com.platformeconomy.settlement.usage;

import java.math.BigDecimal;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A usage record as the API shows it. */
public record UsageView(
        String usageId, String nodeId,
        @Schema(nullable = true, description = "Null for a record of a node without an operator (written off at settlement).")
        String operatorId,
        String modelId,
        @Schema(enumeration = {"own", "hive", "idle"}) String taskSource,
        long tokensIn, long tokensOut, BigDecimal actualUsdCost,
        @Schema(enumeration = {"pending", "settled", "written_off", "not_payable"}) String settlementStatus,
        @Schema(nullable = true, description = "The USD this record is paid at settlement; null when not payable or own.")
        BigDecimal payableUsd,
        @Schema(nullable = true, description = "Why a not_payable record is never paid, such as `no_authorization`.")
        String notPayableReason,
        @Schema(nullable = true, description = "The budget gate's authorization the call was made under, if any.")
        java.util.UUID authorizationId) {

    static UsageView of(MeteredUsage usage) {
        return new UsageView(usage.usageId, usage.nodeId, usage.operatorId, usage.modelId, usage.taskSource,
                usage.tokensIn, usage.tokensOut, usage.actualUsdCost, usage.settlementStatus,
                usage.payableUsd == null ? null : usage.payableUsd.stripTrailingZeros(), usage.notPayableReason,
                usage.authorizationId);
    }
}
