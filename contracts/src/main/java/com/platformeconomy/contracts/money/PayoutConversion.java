package com.platformeconomy.contracts.money;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Payout conversion (SPEC §2): {@code usd = tokens × usd_per_token}, exact, at most 6 fractional digits. */
public final class PayoutConversion {

    private PayoutConversion() {
    }

    public static BigDecimal usd(long tokens, BigDecimal usdPerToken) {
        // tokens is whole and the rate has at most 6 decimals (NUMERIC(20,6)), so this is exact.
        return BigDecimal.valueOf(tokens).multiply(usdPerToken).setScale(6, RoundingMode.UNNECESSARY);
    }
}
