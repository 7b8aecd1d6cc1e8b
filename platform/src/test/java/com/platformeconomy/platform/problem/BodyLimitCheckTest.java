package com.platformeconomy.platform.problem;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BodyLimitCheckTest {

    @Test
    void theDefaultsPassAndABodyTooBigForKafkaOrTheBackstopIsRefused() {
        BodyLimitCheck.check(65_536, 1_048_576);
        assertThatThrownBy(() -> BodyLimitCheck.check(1_048_576, 10_485_760)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("pes.http.max-body-bytes");
        assertThatThrownBy(() -> BodyLimitCheck.check(65_536, 65_535)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("quarkus.http.limits.max-body-size");
    }
}
