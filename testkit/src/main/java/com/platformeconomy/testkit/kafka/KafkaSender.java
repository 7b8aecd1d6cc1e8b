package com.platformeconomy.testkit.kafka;

import com.platformeconomy.contracts.event.CloudEvent;
import com.platformeconomy.contracts.event.EventCodec;
import com.platformeconomy.stack.KafkaClients;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A plain Kafka producer for tests: puts records on a topic as a test's fixture or attack, and
 * waits until Kafka has acknowledged them, so that what the test then awaits is really on the topic.
 * It signs in as the stack's admin ({@link KafkaClients#admin()}) unless given other client settings.
 * The static {@code publish} methods open one for the call; keep an instance for many sends.
 */
public final class KafkaSender implements AutoCloseable {

    private static final long ACK_SECONDS = 30;

    private final KafkaProducer<String, String> producer;

    private KafkaSender(Map<String, Object> client) {
        this.producer = new KafkaProducer<>(client, new StringSerializer(), new StringSerializer());
    }

    /** As the stack's admin, every record acknowledged by all in-sync replicas. */
    public static KafkaSender asAdmin() {
        return new KafkaSender(KafkaClients.adminWith(ProducerConfig.ACKS_CONFIG, "all"));
    }

    /** With these client settings, e.g. a service's own Kafka user, for tests of what the broker or consumer refuses. */
    public static KafkaSender with(Map<String, Object> client) {
        return new KafkaSender(client);
    }

    /** Sends {@code values} under {@code key} as the admin, and waits for every acknowledgement. */
    public static void publish(String topic, String key, String... values) {
        publish(topic, key, Arrays.asList(values));
    }

    /** Sends {@code values} under {@code key} as the admin, and waits for every acknowledgement. */
    public static void publish(String topic, String key, List<String> values) {
        publish(values.stream().map(value -> new ProducerRecord<>(topic, key, value)).toList());
    }

    /** Sends the records (headers and all) as the admin, and waits for every acknowledgement. */
    public static void publish(List<ProducerRecord<String, String>> records) {
        try (KafkaSender sender = asAdmin()) {
            sender.send(records);
        }
    }

    /** Sends one record and waits for its acknowledgement. */
    public void send(String topic, String key, String value) {
        send(List.of(new ProducerRecord<>(topic, key, value)));
    }

    /** Sends the event as it is, keyed by its subject, and returns its JSON (to replay it byte for byte). */
    public String send(String topic, CloudEvent<?> event) {
        String json = EventCodec.encode(event);
        send(topic, event.subject(), json);
        return json;
    }

    /** Sends the records in order without waiting between them, then waits for every acknowledgement. */
    public void send(List<ProducerRecord<String, String>> records) {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (ProducerRecord<String, String> record : records) {
            acks.add(producer.send(record));
        }
        for (int i = 0; i < acks.size(); i++) {
            try {
                acks.get(i).get(ACK_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted sending to " + records.get(i).topic(), e);
            } catch (Exception e) {
                throw new IllegalStateException("cannot send to " + records.get(i).topic(), e);
            }
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
