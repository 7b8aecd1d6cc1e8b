package com.platformeconomy.settlement.budget;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.UUID;

/**
 * The gate's answer. {@code remaining_daily_usd} is null when the node has no cap;
 * {@code authorization_id} names the reservation an allowed, capped request holds, and the usage
 * record of the call should carry it.
 */
public record Authorization(
        boolean allowed,
        String reason,
        @JsonInclude(JsonInclude.Include.ALWAYS) BigDecimal remainingDailyUsd,
        @JsonInclude(JsonInclude.Include.NON_NULL) UUID authorizationId) {

    static Authorization refused(String reason, BigDecimal remaining) {
        return new Authorization(false, reason, remaining, null);
    }
}
