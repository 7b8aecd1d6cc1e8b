package com.platformeconomy.contracts.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.platformeconomy.contracts.json.StrictNumbers;

/**
 * The one JSON form of events on Kafka: the CloudEvents envelope with snake_case data fields.
 * Readers ignore fields they do not know so that producers can add fields without breaking them;
 * numbers follow {@link StrictNumbers}: USD amounts are read as
 * {@link java.math.BigDecimal}, never as doubles, and a fractional token count is refused.
 */
public final class EventCodec {

    private static final ObjectMapper MAPPER = StrictNumbers.apply(JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build());

    private EventCodec() {
    }

    public static String encode(CloudEvent<?> event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event " + event.id() + " cannot be written as JSON", e);
        }
    }

    /** Reads the envelope and leaves the data as a tree, for consumers that dispatch on {@code type}. */
    public static CloudEvent<JsonNode> decode(String json) {
        try {
            JsonNode root = MAPPER.readTree(json);
            if (root == null || !root.isObject()) {
                throw new MalformedEventException("an event must be a JSON object");
            }
            return CloudEvent.of(
                    id(root), text(root, "type"), text(root, "source"),
                    root.hasNonNull("subject") ? root.get("subject").asText() : null,
                    time(root.get("time")),
                    root.get("data") == null || root.get("data").isNull() ? missing("data") : root.get("data"),
                    traceparent(root), actor(root));
        } catch (JsonProcessingException e) {
            throw new MalformedEventException("an event is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads the envelope of an event consumed from {@code topic}, refusing it
     * ({@link ForeignSourceException}) unless its source is the topic's owner (SPEC §10).
     */
    public static CloudEvent<JsonNode> decodeFrom(String topic, String json) {
        CloudEvent<JsonNode> event = decode(json);
        if (!Topics.fromOwner(topic, event.source())) {
            throw new ForeignSourceException(topic, event.source());
        }
        return event;
    }

    /** As {@link #decodeFrom(String, String)}, for an event whose data is of a known record type. */
    public static <T> CloudEvent<T> decodeFrom(String topic, String json, Class<T> dataType) {
        CloudEvent<JsonNode> raw = decodeFrom(topic, json);
        return new CloudEvent<>(raw.specversion(), raw.id(), raw.type(), raw.source(), raw.time(), raw.subject(),
                raw.datacontenttype(), data(raw, dataType), raw.traceparent(), raw.actor());
    }

    /** Reads an event whose data is of a known record type. */
    public static <T> CloudEvent<T> decode(String json, Class<T> dataType) {
        CloudEvent<JsonNode> raw = decode(json);
        return new CloudEvent<>(raw.specversion(), raw.id(), raw.type(), raw.source(), raw.time(), raw.subject(),
                raw.datacontenttype(), data(raw, dataType), raw.traceparent(), raw.actor());
    }

    public static <T> T data(CloudEvent<JsonNode> event, Class<T> dataType) {
        try {
            return MAPPER.treeToValue(event.data(), dataType);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new MalformedEventException("event " + event.id() + " has data that is not a "
                    + dataType.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The {@code time} attribute: an RFC 3339 string is parsed directly (every event the suite writes;
     * a tree-to-value conversion per event was a ninth of a consumer's profile samples; the suite's own
     * UTC form without a formatter, {@link UtcTimestamps}: Instant.parse was an eighth), anything else as
     * Jackson's JavaTimeModule reads an Instant, so what it accepted or refused stays so.
     */
    private static java.time.Instant time(JsonNode node) throws JsonProcessingException {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            java.time.Instant utc = UtcTimestamps.parse(node.textValue());
            if (utc != null) {
                return utc;
            }
            try {
                return java.time.Instant.parse(node.textValue());
            } catch (java.time.format.DateTimeParseException notPlain) {
                // Jackson decides, and words the refusal, as before.
            }
        }
        return MAPPER.treeToValue(node, java.time.Instant.class);
    }

    /**
     * The {@code traceparent} extension attribute when it has the W3C form (version 00, 55
     * characters); anything else is dropped, never a reason to refuse an event: tracing is advice.
     */
    private static String traceparent(JsonNode root) {
        JsonNode node = root.get("traceparent");
        if (node == null || !node.isTextual()) {
            return null;
        }
        String value = node.textValue();
        return CloudEvent.isTraceparent(value) ? value : null;
    }

    /**
     * The {@code actor} extension attribute: a text, else none. It names, never authorizes: a consumer
     * keeps it as the topic's owner wrote it (the wallet's ledger), and never decides a movement by it.
     */
    private static String actor(JsonNode root) {
        JsonNode node = root.get("actor");
        return node != null && node.isTextual() ? node.textValue() : null;
    }

    /** Every id the suite writes is well under this; a longer one would not fit a ledger's or parking's index. */
    public static final int MAX_ID_LENGTH = 256;

    private static String id(JsonNode root) {
        String id = text(root, "id");
        if (id.length() > MAX_ID_LENGTH) {
            throw new MalformedEventException("an event id of " + id.length() + " characters; at most " + MAX_ID_LENGTH);
        }
        return id;
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        return node == null || node.isNull() ? missing(field) : node.asText();
    }

    private static <T> T missing(String field) {
        throw new MalformedEventException("CloudEvent attribute '" + field + "' is missing");
    }
}
