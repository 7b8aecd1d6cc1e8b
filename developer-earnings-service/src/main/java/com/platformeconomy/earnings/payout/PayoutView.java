package com.platformeconomy.earnings.payout;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A payout as the API shows it; USD amounts are exact decimals. */
public record PayoutView(long payoutId, String developerId, long amountTokens, BigDecimal usdPerToken,
                         BigDecimal amountUsd,
                         @Schema(enumeration = {"requested", "approved", "rejected", "paid"}) String status,
                         OffsetDateTime requestedAt,
                         @Schema(nullable = true, description = "When an admin approved or rejected it; null before.")
                         OffsetDateTime decidedAt,
                         @Schema(nullable = true, description = "The admin who approved or rejected it (never the developer itself); null before.")
                         String decidedBy,
                         @Schema(nullable = true, description = "When an admin marked it paid; null before.")
                         OffsetDateTime paidAt,
                         @Schema(nullable = true, description = "The admin who marked it paid; null before.")
                         String paidBy) {

    public static PayoutView of(Payout p) {
        return new PayoutView(p.payoutId, p.developerId, p.amountTokens, p.usdPerToken, p.amountUsd, p.status,
                p.requestedAt, p.decidedAt, p.decidedBy, p.paidAt, p.paidBy);
    }
}
