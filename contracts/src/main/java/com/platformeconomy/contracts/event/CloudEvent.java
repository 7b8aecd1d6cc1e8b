package com.platformeconomy.contracts.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Objects;

/**
 * A CloudEvents 1.0 envelope in structured JSON mode (SPEC §8). {@code id} is the event id every
 * consumer deduplicates on; {@code subject} is the account or aggregate whose order matters and is
 * also the Kafka key. {@code traceparent} is the CloudEvents distributed-tracing extension
 * attribute: the W3C trace context of the work that produced the event (absent when that work was
 * not traced, or not sampled), read by consumers to continue the trace. {@code actor}, an extension
 * attribute of this suite's own, names who asked for a movement of another account's tokens (an
 * admin's credit, a service's debit: the token's subject; SPEC §10, four eyes); absent when the
 * account's owner moved its own tokens or the suite made the movement. Only the event's producer
 * sets it: consumers read it as the topic's owner wrote it (SPEC §10's topic ownership).
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
        T data,
        String traceparent,
        String actor) {

    public static final String SPEC_VERSION = "1.0";
    public static final String JSON = "application/json";

    public CloudEvent {
        requireText(id, "id");
        requireText(type, "type");
        requireText(source, "source");
        Objects.requireNonNull(data, "data");
    }

    /** An event without trace context. */
    public CloudEvent(String specversion, String id, String type, String source, Instant time, String subject,
                      String datacontenttype, T data) {
        this(specversion, id, type, source, time, subject, datacontenttype, data, null, null);
    }

    /** An event without an actor. */
    public CloudEvent(String specversion, String id, String type, String source, Instant time, String subject,
                      String datacontenttype, T data, String traceparent) {
        this(specversion, id, type, source, time, subject, datacontenttype, data, traceparent, null);
    }

    /**
     * Whether {@code value} has the form of a W3C {@code traceparent} this suite writes: version 00,
     * 55 characters, dashes where they belong (the ids' hex digits are checked by whoever parses them).
     */
    public static boolean isTraceparent(String value) {
        return value != null && value.length() == 55 && value.startsWith("00-") && value.charAt(35) == '-'
                && value.charAt(52) == '-';
    }

    /** This event carrying {@code traceparent} (null or blank: none). */
    public CloudEvent<T> withTraceparent(String traceparent) {
        return new CloudEvent<>(specversion, id, type, source, time, subject, datacontenttype, data, orNull(traceparent), actor);
    }

    /** This event naming {@code actor} as who asked for it (null or blank: nobody but the account or the suite). */
    public CloudEvent<T> withActor(String actor) {
        return new CloudEvent<>(specversion, id, type, source, time, subject, datacontenttype, data, traceparent, orNull(actor));
    }

    public static <T> CloudEvent<T> of(String id, String type, String source, String subject, Instant time, T data) {
        return new CloudEvent<>(SPEC_VERSION, id, type, source, time, subject, JSON, data);
    }

    /**
     * As {@link #of(String, String, String, String, Instant, Object)}, with its extension attributes in
     * one step (null or blank: none), for the paths that make one per event (the relay, the decoders).
     */
    public static <T> CloudEvent<T> of(String id, String type, String source, String subject, Instant time, T data,
                                       String traceparent, String actor) {
        return new CloudEvent<>(SPEC_VERSION, id, type, source, time, subject, JSON, data, orNull(traceparent), orNull(actor));
    }

    private static String orNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new MalformedEventException("CloudEvent attribute '" + name + "' is missing");
        }
    }
}
