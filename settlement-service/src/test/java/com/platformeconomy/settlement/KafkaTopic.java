package com.platformeconomy.settlement;

import com.platformeconomy.stack.KafkaClients;
import com.fasterxml.jackson.databind.JsonNode;
import com.platformeconomy.contracts.event.CloudEvent;
import com.platformeconomy.contracts.event.EventCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

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

    /** Sends raw records to {@code topic} and waits for Kafka's acknowledgement. */
    public static void send(String topic, String key, List<String> values) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(KafkaClients.adminWith(ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            for (String value : values) {
                producer.send(new ProducerRecord<>(topic, key, value));
            }
            producer.flush();
        }
    }

    private static String bootstrapServers() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }
}
