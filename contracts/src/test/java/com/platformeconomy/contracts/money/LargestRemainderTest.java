package com.platformeconomy.contracts.money;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The largest-remainder split (SPEC §2) for any whole and any positive weights. */
class LargestRemainderTest {

    @Property(tries = 2000)
    void partsAreNonNegativeSumToTheWholeAndStayWithinOneOfTheExactShare(
            @ForAll @LongRange(min = 0, max = 1_000_000_000_000_000L) long whole,
            @ForAll @Size(min = 1, max = 40) List<@LongRange(min = 1, max = 1_000_000_000_000L) Long> weights) {
        long[] w = weights.stream().mapToLong(Long::longValue).toArray();
        long[] parts = LargestRemainder.split(whole, w);

        assertThat(parts).hasSize(w.length);
        BigDecimal total = BigDecimal.ZERO;
        for (long weight : w) {
            total = total.add(BigDecimal.valueOf(weight));
        }
        long sum = 0;
        for (int i = 0; i < parts.length; i++) {
            assertThat(parts[i]).isNotNegative();
            sum += parts[i];
            BigDecimal exact = BigDecimal.valueOf(whole).multiply(BigDecimal.valueOf(w[i])).divide(total, MathContext.DECIMAL128);
            assertThat(BigDecimal.valueOf(parts[i]).subtract(exact).abs()).isLessThan(BigDecimal.ONE);
        }
        assertThat(sum).isEqualTo(whole);
    }

    @Property(tries = 500)
    void thePoolsOfAGrossAlwaysAddUpToIt(@ForAll @LongRange(min = 0, max = 1_000_000_000_000L) long gross) {
        long[] pools = LargestRemainder.split(gross, new long[] {90, 9, 1});
        assertThat(pools[0] + pools[1] + pools[2]).isEqualTo(gross);
    }

    @Test
    void theSeedsGrossOf225() {
        // 202.5 / 20.25 / 2.25: the one token left over goes to the largest remainder (.5).
        assertThat(LargestRemainder.split(225, new long[] {90, 9, 1})).containsExactly(203, 20, 2);
    }

    @Test
    void tiesGoToTheEarlierPart() {
        assertThat(LargestRemainder.split(1, new long[] {1, 1})).containsExactly(1, 0);
        assertThat(LargestRemainder.split(10, new long[] {1, 1, 1})).containsExactly(4, 3, 3);
    }
}
