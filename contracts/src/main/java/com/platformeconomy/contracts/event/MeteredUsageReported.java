package com.platformeconomy.contracts.event;

import java.math.BigDecimal;

/** One metered API call a node paid for (SPEC §5). Topic {@link Topics#METERED_USAGE}, key the node. */
public record MeteredUsageReported(
        String usageId,
        String nodeId,
        String operatorId,
        String modelId,
        String taskSource,
        long tokensIn,
        long tokensOut,
        BigDecimal actualUsdCost) {

    public static final String TYPE = "com.platformeconomy.settlement.usage.reported";
}
