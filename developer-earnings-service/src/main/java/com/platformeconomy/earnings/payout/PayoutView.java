package com.platformeconomy.earnings.payout;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/** A payout as the API shows it; USD amounts are exact decimals. */
public record PayoutView(long payoutId, String developerId, long amountTokens, BigDecimal usdPerToken,
                         BigDecimal amountUsd, String status, OffsetDateTime requestedAt,
                         OffsetDateTime decidedAt, OffsetDateTime paidAt) {

    public static PayoutView of(Payout p) {
        return new PayoutView(p.payoutId, p.developerId, p.amountTokens, p.usdPerToken, p.amountUsd, p.status,
                p.requestedAt, p.decidedAt, p.paidAt);
    }
}
