package com.platformeconomy.contracts.money;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class PayoutConversionTest {

    @Test
    void ninetyFourHundredFiftyTokensAreNineDollarsFortyFive() {
        assertThat(PayoutConversion.usd(9450, new BigDecimal("0.001"))).isEqualByComparingTo("9.45");
        assertThat(PayoutConversion.usd(9450, new BigDecimal("0.001")).scale()).isEqualTo(6);
    }

    @Test
    void aThousandTokensAreOneDollarAndTheResultIsExact() {
        assertThat(PayoutConversion.usd(1000, new BigDecimal("0.001"))).isEqualByComparingTo("1");
        assertThat(PayoutConversion.usd(1, new BigDecimal("0.000001"))).isEqualByComparingTo("0.000001");
        assertThat(PayoutConversion.usd(999_999_999_999L, new BigDecimal("0.001"))).isEqualByComparingTo("999999999.999");
    }
}
