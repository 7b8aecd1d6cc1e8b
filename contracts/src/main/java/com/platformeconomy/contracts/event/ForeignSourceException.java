package com.platformeconomy.contracts.event;

/**
 * An event on a topic whose owner did not write it: its CloudEvent {@code source} is not the
 * topic's owner ({@link Topics#owner}). The broker's ACLs already keep other writers out; this is
 * the consumer's own check behind them (SPEC §10: a consumer refuses an event whose source is not
 * the topic's owner). It is refused like an unreadable event: parked with its reason, never applied.
 */
public class ForeignSourceException extends MalformedEventException {
    public ForeignSourceException(String topic, String source) {
        super(Topics.notFromOwner(topic, source));
    }
}
