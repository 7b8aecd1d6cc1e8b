package com.platformeconomy.contracts.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Objects;

/**
 * A CloudEvents 1.0 envelope in structured JSON mode (SPEC §8). {@code id} is the event id every
 * consumer deduplicates on; {@code subject} is the account or aggregate whose order matters and is
 * also the Kafka key.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CloudEvent<T>(
        String specversion,
        String id,
        String type,
        String source,
        Instant time,
        String subject,
        String datacontenttype,
        T data) {

    public static final String SPEC_VERSION = "1.0";
    public static final String JSON = "application/json";

    public CloudEvent {
        requireText(id, "id");
        requireText(type, "type");
        requireText(source, "source");
        Objects.requireNonNull(data, "data");
    }

    public static <T> CloudEvent<T> of(String id, String type, String source, String subject, Instant time, T data) {
        return new CloudEvent<>(SPEC_VERSION, id, type, source, time, subject, JSON, data);
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new MalformedEventException("CloudEvent attribute '" + name + "' is missing");
        }
    }
}
