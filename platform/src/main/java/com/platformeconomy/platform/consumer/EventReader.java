package com.platformeconomy.platform.consumer;

import com.platformeconomy.contracts.event.MalformedEventException;

/**
 * Reads one Kafka record of a consumer's topic into what the consumer applies. Answers null for a
 * record that is not for this consumer (another event type on a shared topic: skipped); throws
 * {@link MalformedEventException} for one that cannot be read or was not written by the topic's
 * owner ({@link com.platformeconomy.contracts.event.ForeignSourceException}): it is parked.
 */
@FunctionalInterface
public interface EventReader<T> {

    T read(String payload);
}
