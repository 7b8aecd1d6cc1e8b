package com.platformeconomy.contracts.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventCodecTest {

    private static final Instant AT = Instant.parse("2026-11-24T07:00:00Z");

    @Test
    void roundTripsAnEnvelopeWithSnakeCaseData() {
        CloudEvent<ChargeRecorded> event = CloudEvent.of("evt-1", ChargeRecorded.TYPE, "/wallet-service", "user:alice", AT,
                new ChargeRecorded("user:alice", "my_app", "dev:acme", "summarize", false, 7, 4, 3, "platform:revenue", 42));

        String json = EventCodec.encode(event);

        assertThat(json).contains("\"specversion\":\"1.0\"", "\"id\":\"evt-1\"", "\"developer_share\":4",
                "\"time\":\"2026-11-24T07:00:00Z\"", "\"subject\":\"user:alice\"");
        assertThat(EventCodec.decode(json, ChargeRecorded.class)).isEqualTo(event);
    }

    @Test
    void keepsUsdAmountsExact() {
        CloudEvent<SettlementAwarded> event = CloudEvent.of("b-1", SettlementAwarded.TYPE, "/settlement-service",
                "node-op:n1", AT, new SettlementAwarded("b-1", "node-op:n1", 123, new BigDecimal("12345678901234.123457"), 2));

        SettlementAwarded back = EventCodec.decode(EventCodec.encode(event), SettlementAwarded.class).data();

        // 20 significant digits: a double would have rounded this.
        assertThat(back.usd()).isEqualByComparingTo("12345678901234.123457");
    }

    @Test
    void dispatchesOnTypeBeforeReadingData() {
        String json = EventCodec.encode(CloudEvent.of("evt-2", TokensTransferred.TYPE, "/wallet-service", "user:bob", AT,
                new TokensTransferred("debit", "user:bob", "platform:revenue", 150, "api_usage", "commercial API", 7)));

        CloudEvent<JsonNode> raw = EventCodec.decode(json);

        assertThat(raw.type()).isEqualTo(TokensTransferred.TYPE);
        assertThat(EventCodec.data(raw, TokensTransferred.class).amount()).isEqualTo(150);
    }

    @Test
    void refusesBrokenJsonAndMissingAttributes() {
        assertThatThrownBy(() -> EventCodec.decode("{not json")).isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> EventCodec.decode("[1,2]")).isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> EventCodec.decode("{\"type\":\"t\",\"source\":\"s\",\"data\":{}}"))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("'id'");
        assertThatThrownBy(() -> EventCodec.decode("{\"id\":\"1\",\"type\":\"t\",\"source\":\"s\"}"))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("'data'");
        // An id longer than any the suite writes would not fit a ledger's or parking's index: unreadable.
        String longest = "a".repeat(EventCodec.MAX_ID_LENGTH);
        assertThat(EventCodec.decode("{\"id\":\"" + longest + "\",\"type\":\"t\",\"source\":\"s\",\"data\":{}}").id())
                .isEqualTo(longest);
        assertThatThrownBy(() -> EventCodec.decode("{\"id\":\"" + longest + "b\",\"type\":\"t\",\"source\":\"s\",\"data\":{}}"))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("at most " + EventCodec.MAX_ID_LENGTH);
    }

    @Test
    void readsTheTimeAsBeforeItsFastPath() {
        String envelope = "{\"id\":\"1\",\"type\":\"t\",\"source\":\"s\",\"data\":{},\"time\":%s}";

        assertThat(EventCodec.decode(envelope.formatted("\"2026-11-24T07:00:00Z\"")).time()).isEqualTo(AT);
        assertThat(EventCodec.decode(envelope.formatted("\"2026-11-24T08:00:00.250+01:00\"")).time())
                .isEqualTo(AT.plusMillis(250));
        assertThat(EventCodec.decode(envelope.formatted("null")).time()).isNull();
        // Not RFC 3339: read as Jackson reads an Instant (epoch seconds), or refused as it refuses.
        assertThat(EventCodec.decode(envelope.formatted("1795503600")).time()).isEqualTo(AT);
        assertThatThrownBy(() -> EventCodec.decode(envelope.formatted("\"yesterday\"")))
                .isInstanceOf(MalformedEventException.class);
    }

    @Test
    void refusesDataOfTheWrongShape() {
        String json = "{\"id\":\"1\",\"type\":\"t\",\"source\":\"s\",\"data\":{\"account\":\"a\",\"amount\":\"lots\"}}";

        assertThatThrownBy(() -> EventCodec.decode(json, TokensTransferred.class))
                .isInstanceOf(MalformedEventException.class);
    }

    @Test
    void refusesFractionalAndQuotedTokenCounts() {
        String fractional = "{\"id\":\"1\",\"type\":\"t\",\"source\":\"s\",\"data\":{\"kind\":\"credit\",\"amount\":12.5,\"seq\":1}}";
        String quoted = "{\"id\":\"1\",\"type\":\"t\",\"source\":\"s\",\"data\":{\"kind\":\"credit\",\"amount\":\"12\",\"seq\":1}}";

        assertThatThrownBy(() -> EventCodec.decode(fractional, TokensTransferred.class)).isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> EventCodec.decode(quoted, TokensTransferred.class)).isInstanceOf(MalformedEventException.class);
    }
    /**
     * The {@code actor} attribute (who asked for a movement of another account's tokens) survives the
     * wire as the producer wrote it, is left out when nobody is named, and anything but a text is no
     * actor: it names, it never decides, so it is never a reason to refuse an event either.
     */
    @Test
    void carriesTheActorAsWrittenAndDropsAnythingElse() {
        CloudEvent<TokensTransferred> event = CloudEvent.of("e-1", TokensTransferred.TYPE, "/wallet-service", "user:a",
                Instant.parse("2026-12-07T00:00:00Z"), new TokensTransferred("credit", "platform:treasury", "user:a", 5, "credit", "r", 1),
                null, "admin:ops");
        String json = EventCodec.encode(event);
        assertThat(EventCodec.decode(json).actor()).isEqualTo("admin:ops");
        assertThat(EventCodec.decode(json, TokensTransferred.class).actor()).isEqualTo("admin:ops");
        String nobody = EventCodec.encode(event.withActor(" "));
        assertThat(nobody).doesNotContain("actor");
        assertThat(EventCodec.decode(nobody).actor()).isNull();
        assertThat(EventCodec.decode(json.replace("\"actor\":\"admin:ops\"", "\"actor\":42")).actor()).isNull();
        assertThat(EventCodec.decode(json.replace("\"actor\":\"admin:ops\"", "\"actor\":\"\"")).actor()).isNull();
    }
}
