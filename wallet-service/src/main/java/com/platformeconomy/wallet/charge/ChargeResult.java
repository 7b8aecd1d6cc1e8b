package com.platformeconomy.wallet.charge;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The answer to a charge: {@code {event_id, billed, total_cost, developer_share, platform_share,
 * balance}}, with {@code reason} when it was not billed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChargeResult(
        String eventId,
        boolean billed,
        long totalCost,
        long developerShare,
        long platformShare,
        Long balance,
        String reason) {

    static ChargeResult notBilled(String eventId, String reason) {
        return new ChargeResult(eventId, false, 0, 0, 0, null, reason);
    }
}
