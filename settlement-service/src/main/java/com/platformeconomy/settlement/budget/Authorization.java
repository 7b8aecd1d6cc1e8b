package com.platformeconomy.settlement.budget;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The gate's answer. {@code remaining_daily_usd} is null when the node has no cap;
 * {@code authorization_id} names the reservation an allowed, capped request holds, and the usage
 * record of the call should carry it.
 */
public record Authorization(
        boolean allowed,
        @Schema(description = "Why: within_daily_limit, no_daily_limit, own_task, compute_policy_local_only, "
                + "hive_compute_policy_local_only, metered_for_hive_disabled, central_tier or daily_limit_reached.")
        String reason,
        @Schema(nullable = true, description = "USD left of today's cap after this call; null when the node has no cap or the refusal is not about it.")
        @JsonInclude(JsonInclude.Include.ALWAYS) BigDecimal remainingDailyUsd,
        @Schema(description = "Present on an allowed hive/idle answer: the reservation the call's usage record names.")
        @JsonInclude(JsonInclude.Include.NON_NULL) UUID authorizationId) {

    static Authorization refused(String reason, BigDecimal remaining) {
        return new Authorization(false, reason, remaining, null);
    }
}
