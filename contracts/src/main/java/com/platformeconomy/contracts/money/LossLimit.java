package com.platformeconomy.contracts.money;

import java.math.BigInteger;

/**
 * A trading goal's loss limit (SPEC §6): a goal whose loss passes its max loss % of its budget
 * stops. "Passes" is strictly above: {@code loss / budget > maxLossPercent / 100}, compared in
 * integers ({@code loss × 100 > budget × maxLossPercent}), so no rounding decides whether a goal
 * stops. A goal with a 10% limit on 1000 tokens may lose 100 and go on; at 101 it stops.
 */
public final class LossLimit {

    private LossLimit() {
    }

    /** Whether a loss of {@code lossTokens} on {@code budgetTokens} passes {@code maxLossPercent} (1..100). */
    public static boolean passes(long lossTokens, long budgetTokens, int maxLossPercent) {
        if (budgetTokens < 0 || maxLossPercent < 0 || maxLossPercent > 100) {
            throw new IllegalArgumentException("a budget of " + budgetTokens + " with a max loss of " + maxLossPercent + "%");
        }
        return BigInteger.valueOf(lossTokens).multiply(BigInteger.valueOf(100))
                .compareTo(BigInteger.valueOf(budgetTokens).multiply(BigInteger.valueOf(maxLossPercent))) > 0;
    }
}
