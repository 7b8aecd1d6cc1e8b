package com.platformeconomy.platform.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanonicalTest {

    private final ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private String canonical(String json) throws Exception {
        return Canonical.json(mapper, mapper.readTree(json));
    }

    @Test
    void fieldOrderSpacingAndTrailingZerosDoNotMatter() throws Exception {
        assertThat(canonical("{\"b\": 1.50, \"a\": {\"y\": 2, \"x\": 100.0}}"))
                .isEqualTo(canonical("{\"a\":{\"x\":100,\"y\":2},\"b\":1.5}"))
                .isEqualTo("{\"a\":{\"x\":100,\"y\":2},\"b\":1.5}");
        // An explicit null asks for what an absent field asks for.
        assertThat(canonical("{\"a\":1,\"developer_id\":null}")).isEqualTo(canonical("{\"a\":1}"));
    }

    @Test
    void anyCharacterIsPartOfTheFingerprintAndNothingBreaksIt() throws Exception {
        String withNewline = canonical("{\"note\":\"refund\\nline two\"}");
        String withSpace = canonical("{\"note\":\"refund line two\"}");
        String unicode = canonical("{\"note\":\"返金 ✓ \\u0000 \\\" \\\\ \\ud83d\\ude00\"}");
        assertThat(Canonical.sha256(withNewline)).hasSize(64).isNotEqualTo(Canonical.sha256(withSpace));
        assertThat(Canonical.sha256(unicode)).isEqualTo(Canonical.sha256(canonical("{\"note\":\"返金 ✓ \\u0000 \\\" \\\\ 😀\"}")));
        assertThat(withNewline).doesNotContain("\n");
    }

    @Test
    void differencesNameTheFields() throws Exception {
        String first = canonical("{\"amount\":500,\"admin_note\":\"a\",\"developer_id\":\"dev:x\"}");
        String second = canonical("{\"amount\":5000,\"admin_note\":\"a\\n\",\"developer_id\":\"dev:x\"}");
        assertThat(Canonical.differences(mapper, first, second)).containsExactly("admin_note", "amount");
        assertThat(Canonical.differences(mapper, first, first)).isEmpty();
    }

    @Test
    void pathParametersArePartOfTheRequest() {
        Map<String, Object> body = Map.of("side", "buy");
        assertThat(Canonical.json(mapper, body, Map.of("goal_id", "g1")))
                .isEqualTo("{\"goal_id\":\"g1\",\"side\":\"buy\"}")
                .isNotEqualTo(Canonical.json(mapper, body, Map.of("goal_id", "g2")));
    }
}
