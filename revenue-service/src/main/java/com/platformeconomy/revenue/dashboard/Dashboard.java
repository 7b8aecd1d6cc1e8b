package com.platformeconomy.revenue.dashboard;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The seed's dashboard (seeds/000), field for field; amounts as exact decimals like the seed shows them. */
public record Dashboard(Revenue revenue, Trading trading, ComputeBorrowing computeBorrowing) {

    public record Revenue(int periodDays, BigDecimal apiRevenue, BigDecimal adRevenue, BigDecimal hostingPayouts,
                          BigDecimal totalGross, BigDecimal userPoolShare, BigDecimal infraPoolShare,
                          BigDecimal centralShare, BigDecimal platformShare) {
    }

    /** {@code goal_id} and {@code amount} appear once an auto-funded goal is requested (goal id once goal-service created it). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Trading(boolean funded, BigDecimal platformExcess, long threshold,
                          @Schema(description = "The funded goal, once goal-service created it.") String goalId,
                          @Schema(description = "Tokens reserved for the funded goal.") Long amount) {
    }

    /**
     * wallet-service's active holds. When wallet-service cannot answer, both figures are null and
     * {@code unavailable} is true: the revenue part is still answered.
     */
    public record ComputeBorrowing(@Schema(nullable = true) Long activeEscrows, @Schema(nullable = true) Long totalSparkEscrowed,
                                   @Schema(description = "Present (true) only when wallet-service did not answer.")
                                   @JsonInclude(JsonInclude.Include.NON_NULL) Boolean unavailable) {
    }
}
