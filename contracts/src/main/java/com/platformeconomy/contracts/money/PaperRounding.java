package com.platformeconomy.contracts.money;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * Paper trading (SPEC §6): where exact decimal prices and quantities meet whole-token cash. A price is tokens per unit; a
 * trade's value {@code quantity × price} is exact, and becomes whole tokens at the edge of the
 * book, always against the portfolio: a buy costs the value rounded up, a sale or a holding is
 * worth it rounded down. So the paper book never creates a token out of rounding, and its cash
 * stays an integer.
 */
public final class PaperRounding {

    private PaperRounding() {
    }

    /** Tokens a buy of {@code quantity} at {@code price} costs: the exact value rounded up. */
    public static long costTokens(BigDecimal quantity, BigDecimal price) {
        return quantity.multiply(price).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    /** Tokens a sale brings, or a holding is worth: the exact value rounded down. */
    public static long proceedsTokens(BigDecimal quantity, BigDecimal price) {
        return quantity.multiply(price).setScale(0, RoundingMode.FLOOR).longValueExact();
    }

    /**
     * The part of a holding's cost that leaves with a partial sale: {@code cost × sold / held}, rounded
     * down; a sale of everything takes all the cost, so a closed position has realised exactly
     * proceeds minus cost, whatever the rounding along the way.
     */
    public static long costShare(long costTokens, BigDecimal sold, BigDecimal held) {
        if (sold.compareTo(held) >= 0) {
            return costTokens;
        }
        return new BigDecimal(BigInteger.valueOf(costTokens)).multiply(sold)
                .divide(held, 0, RoundingMode.FLOOR).longValueExact();
    }
}
