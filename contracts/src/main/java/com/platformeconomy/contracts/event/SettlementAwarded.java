package com.platformeconomy.contracts.event;

import java.math.BigDecimal;

/**
 * A settlement batch: the tokens an operator is owed for metered costs it absorbed (SPEC §5).
 * wallet-service credits {@code tokens} to {@code operatorId} once per event id.
 */
public record SettlementAwarded(String batchId, String operatorId, long tokens, BigDecimal usd, int recordCount) {

    public static final String TYPE = "com.platformeconomy.settlement.awarded";
}
