package com.platformeconomy.contracts.event;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * One metered API call a node paid for (SPEC §5). Topic {@link Topics#METERED_USAGE}, key the node.
 * {@code authorizationId} (optional) names the budget gate's authorization the call was made under.
 */
public record MeteredUsageReported(
        String usageId,
        String nodeId,
        String operatorId,
        String modelId,
        String taskSource,
        long tokensIn,
        long tokensOut,
        BigDecimal actualUsdCost,
        UUID authorizationId) {

    public static final String TYPE = "com.platformeconomy.settlement.usage.reported";
}
