package com.platformeconomy.contracts.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class SparkTest {

    /** seeds/003's records at the default 100 spark per USD. */
    @Test
    void theSeedsNumbers() {
        assertThat(Spark.fromUsd(new BigDecimal("0.004"), 100)).as("below one spark: still one").isEqualTo(1);
        assertThat(Spark.fromUsd(new BigDecimal("1.23"), 100)).isEqualTo(123);
        assertThat(Spark.fromUsd(new BigDecimal("0.019"), 100)).as("floor, not round").isEqualTo(1);
        assertThat(Spark.fromUsd(new BigDecimal("0.019"), 1000)).isEqualTo(19);
        assertThat(Spark.fromUsd(BigDecimal.ZERO, 100)).isEqualTo(1);
    }

    @Test
    void refusesWhatIsNotAnAmountOrARate() {
        assertThatThrownBy(() -> Spark.fromUsd(new BigDecimal("-0.01"), 100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Spark.fromUsd(BigDecimal.ONE, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Spark.fromUsd(new BigDecimal("1e30"), 100)).isInstanceOf(ArithmeticException.class);
    }

    @Property
    void atLeastOneAndNeverMoreThanTheExactValue(@ForAll @LongRange(min = 0, max = 100_000_000_000_000L) long micros,
                                                  @ForAll @LongRange(min = 1, max = 100_000) long rate) {
        BigDecimal usd = BigDecimal.valueOf(micros, 6);
        long spark = Spark.fromUsd(usd, rate);
        BigDecimal exact = usd.multiply(BigDecimal.valueOf(rate));
        assertThat(spark).isGreaterThanOrEqualTo(1);
        if (exact.compareTo(BigDecimal.ONE) >= 0) {
            assertThat(BigDecimal.valueOf(spark)).isLessThanOrEqualTo(exact);
            assertThat(BigDecimal.valueOf(spark + 1)).isGreaterThan(exact);
        }
    }
}
