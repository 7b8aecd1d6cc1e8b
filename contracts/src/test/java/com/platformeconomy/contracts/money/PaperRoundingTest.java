package com.platformeconomy.contracts.money;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.BigRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Scale;

/** Rounding between exact decimals and whole tokens never favours the portfolio. */
class PaperRoundingTest {

    @Property
    void aBuyCostsAtLeastItsValueAndASaleBringsAtMostIt(
            @ForAll @BigRange(min = "0.00000001", max = "1000000") @Scale(8) BigDecimal quantity,
            @ForAll @BigRange(min = "0.00000001", max = "1000000") @Scale(8) BigDecimal price) {
        BigDecimal value = quantity.multiply(price);
        long cost = PaperRounding.costTokens(quantity, price);
        long proceeds = PaperRounding.proceedsTokens(quantity, price);
        assertThat(BigDecimal.valueOf(cost)).isGreaterThanOrEqualTo(value);
        assertThat(BigDecimal.valueOf(cost - 1)).isLessThan(value);
        assertThat(BigDecimal.valueOf(proceeds)).isLessThanOrEqualTo(value);
        assertThat(BigDecimal.valueOf(proceeds + 1)).isGreaterThan(value);
    }

    @Property
    void sellingAPositionInPiecesTakesExactlyItsWholeCost(
            @ForAll @LongRange(min = 0, max = 1_000_000_000_000L) long cost,
            @ForAll @IntRange(min = 1, max = 6) int pieces,
            @ForAll @BigRange(min = "0.00000001", max = "1000") @Scale(8) BigDecimal piece) {
        BigDecimal held = piece.multiply(BigDecimal.valueOf(pieces));
        long costLeft = cost;
        long taken = 0;
        for (int i = 0; i < pieces; i++) {
            long share = PaperRounding.costShare(costLeft, piece, held);
            assertThat(share).isBetween(0L, costLeft);
            taken += share;
            costLeft -= share;
            held = held.subtract(piece);
        }
        assertThat(taken).isEqualTo(cost);
        assertThat(costLeft).isZero();
    }
}
