package com.platformeconomy.contracts.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LimitsTest {

    @Test
    void theWireLimitsHoldTogether() {
        assertThat(Limits.MAX_EXACT_INTEGER).isEqualTo(9_007_199_254_740_991L);
        assertThat((double) Limits.MAX_EXACT_INTEGER).isEqualTo(9_007_199_254_740_991d);
        assertThat((long) (double) (Limits.MAX_EXACT_INTEGER + 2)).as("past 2^53 a double loses integers")
                .isNotEqualTo(Limits.MAX_EXACT_INTEGER + 2);
        assertThat(Limits.MAX_TOKENS).isLessThanOrEqualTo(Limits.MAX_EXACT_INTEGER);
        assertThat(Limits.MAX_SUMMABLE_AMOUNTS).isEqualTo(1024);
        assertThat(Math.multiplyExact(Limits.MAX_SUMMABLE_AMOUNTS, Limits.MAX_TOKENS)).isPositive();
        assertThat(Limits.MAX_BODY_BYTES + Limits.EVENT_ENVELOPE_BYTES).isLessThanOrEqualTo(Limits.KAFKA_MAX_REQUEST_BYTES);
    }

    @Test
    void aValueBreakingARelationshipIsRefused() {
        Limits.requireTokens("amount", Limits.MAX_TOKENS);
        assertThatThrownBy(() -> Limits.requireTokens("amount", Limits.MAX_TOKENS + 1))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("amount = 9007199254740992");
        assertThatThrownBy(() -> Limits.requireTokens("amount", 0)).isInstanceOf(IllegalStateException.class);
        Limits.requireSummable("batch", 1024);
        assertThatThrownBy(() -> Limits.requireSummable("batch", 1025)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("batch = 1025");
        Limits.requireFitsKafka("body", Limits.MAX_BODY_BYTES);
        assertThatThrownBy(() -> Limits.requireFitsKafka("body", Limits.KAFKA_MAX_REQUEST_BYTES))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("max.request.size");
    }
}
