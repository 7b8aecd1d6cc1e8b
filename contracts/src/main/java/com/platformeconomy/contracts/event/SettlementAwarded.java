package com.platformeconomy.contracts.event;

import java.math.BigDecimal;

/**
 * A settlement batch: the tokens an operator is owed for metered costs it absorbed (SPEC §5).
 * wallet-service credits {@code tokens} to {@code operatorId} once per event id.
 */
public record SettlementAwarded(String batchId, String operatorId, long tokens, BigDecimal usd, int recordCount) {

    public static final String TYPE = "com.platformeconomy.settlement.awarded";

    /**
     * This award, if it pays a node operator's account (node-op:…); settlement pays node operators only
     * (SPEC §5), so an award to anyone else is not settlement's to make, whoever holds its credential:
     * throws MalformedEventException (the consumer parks it). wallet-service credits and revenue-service
     * counts by this one rule.
     */
    public SettlementAwarded requireNodeOperator() {
        if (!com.platformeconomy.contracts.account.AccountIds.isNodeOperator(operatorId)) {
            throw new MalformedEventException("a settlement award to '" + operatorId
                    + "', not a node operator's account (node-op:…)");
        }
        return this;
    }
}
