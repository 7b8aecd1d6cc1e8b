package com.platformeconomy.settlement.settlement;

import java.math.BigDecimal;
import java.util.List;

/** What one settlement run did (SPEC §9 {@code POST /api/admin/settlements/run}). */
public record SettlementResult(long settledCount, long totalSparkAwarded, BigDecimal totalUsdSettled, long writtenOff) {

    static SettlementResult of(List<Batch> batches, long writtenOff) {
        return new SettlementResult(
                batches.stream().mapToLong(Batch::recordCount).sum(),
                batches.stream().mapToLong(Batch::tokens).sum(),
                batches.stream().map(Batch::usd).reduce(BigDecimal.ZERO, BigDecimal::add).stripTrailingZeros(),
                writtenOff);
    }

    /** One operator's batch as the settling statement returned it. */
    record Batch(String batchId, String operatorId, long tokens, BigDecimal usd, int recordCount) {
    }
}
