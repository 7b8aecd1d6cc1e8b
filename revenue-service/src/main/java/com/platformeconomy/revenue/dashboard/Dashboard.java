package com.platformeconomy.revenue.dashboard;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;

/** The seed's dashboard (seeds/000), field for field; amounts as exact decimals like the seed shows them. */
public record Dashboard(Revenue revenue, Trading trading, ComputeBorrowing computeBorrowing) {

    public record Revenue(int periodDays, BigDecimal apiRevenue, BigDecimal adRevenue, BigDecimal hostingPayouts,
                          BigDecimal totalGross, BigDecimal userPoolShare, BigDecimal infraPoolShare,
                          BigDecimal centralShare, BigDecimal platformShare) {
    }

    /** {@code goal_id} and {@code amount} appear once an auto-funded goal is requested (goal id once goal-service created it). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Trading(boolean funded, BigDecimal platformExcess, long threshold, String goalId, Long amount) {
    }

    /**
     * wallet-service's active holds. When wallet-service cannot answer, both figures are null and
     * {@code unavailable} is true: the revenue part is still answered.
     */
    public record ComputeBorrowing(Long activeEscrows, Long totalSparkEscrowed,
                                   @JsonInclude(JsonInclude.Include.NON_NULL) Boolean unavailable) {
    }
}
