package com.platformeconomy.settlement;

import com.fasterxml.jackson.databind.JsonNode;
import com.platformeconomy.contracts.event.CloudEvent;
import com.platformeconomy.contracts.event.EventCodec;
import com.platformeconomy.stack.KafkaClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A plain Kafka client for tests: what is really on a topic, read from its beginning by a
 * consumer group of its own, independent of the service's own clients.
 */
public final class KafkaTopic implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final List<CloudEvent<JsonNode>> seen = new ArrayList<>();

    public KafkaTopic(String topic) {
        consumer = new KafkaConsumer<>(KafkaClients.adminWith(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(topic));
    }

    /** Everything read so far, after polling for what has arrived since. */
    public List<CloudEvent<JsonNode>> events() {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
            seen.add(EventCodec.decode(record.value()));
        }
        return List.copyOf(seen);
    }

    /** The events about {@code subject} read so far. */
    public List<CloudEvent<JsonNode>> eventsAbout(String subject) {
        return events().stream().filter(event -> subject.equals(event.subject())).toList();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
