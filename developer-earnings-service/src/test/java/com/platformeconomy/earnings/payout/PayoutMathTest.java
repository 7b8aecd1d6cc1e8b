package com.platformeconomy.earnings.payout;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class PayoutMathTest {

    @Test
    void ninetyFourHundredFiftyTokensAreNineDollarsFortyFive() {
        assertThat(PayoutMath.usd(9450, new BigDecimal("0.001"))).isEqualByComparingTo("9.45");
        assertThat(PayoutMath.usd(9450, new BigDecimal("0.001")).scale()).isEqualTo(6);
    }

    @Test
    void aThousandTokensAreOneDollarAndTheResultIsExact() {
        assertThat(PayoutMath.usd(1000, new BigDecimal("0.001"))).isEqualByComparingTo("1");
        assertThat(PayoutMath.usd(1, new BigDecimal("0.000001"))).isEqualByComparingTo("0.000001");
        assertThat(PayoutMath.usd(999_999_999_999L, new BigDecimal("0.001"))).isEqualByComparingTo("999999999.999");
    }
}
