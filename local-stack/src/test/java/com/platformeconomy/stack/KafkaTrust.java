package com.platformeconomy.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.platformeconomy.contracts.event.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What the local stack's broker refuses (SPEC §10 "Services are told apart"), tried with plain
 * Kafka clients: no credentials, a wrong password, a service writing a topic it does not own, a
 * service reading a topic it does not need.
 */
final class KafkaTrust {

    private KafkaTrust() {
    }

    static void check(StackInfo info) throws Exception {
        // No credentials at all: the SASL listener never lets the client in, nothing is written.
        Map<String, Object> anonymous = new HashMap<>(Map.of("bootstrap.servers", info.kafkaBootstrapServers(),
                "max.block.ms", 3000, "delivery.timeout.ms", 3000, "request.timeout.ms", 2000, "linger.ms", 0));
        try (KafkaProducer<String, String> producer = producer(anonymous)) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(Topics.SETTLEMENT_AWARDED, "node-op:x", "{}"))
                    .get(10, TimeUnit.SECONDS)).hasRootCauseInstanceOf(TimeoutException.class);
        } catch (TimeoutException refused) {
            // send() itself gave up waiting for metadata it can never get
        }

        // A wrong password: an authentication error.
        Map<String, Object> wrong = new HashMap<>(KafkaClients.as(info, Topics.SETTLEMENT));
        wrong.put("sasl.jaas.config", KafkaServer.jaas(Topics.SETTLEMENT, "guessed"));
        wrong.put("max.block.ms", 5000);
        try (KafkaProducer<String, String> producer = producer(wrong)) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(Topics.SETTLEMENT_AWARDED, "node-op:x", "{}"))
                    .get(10, TimeUnit.SECONDS)).satisfiesAnyOf(
                    e -> assertThat(e).isInstanceOf(SaslAuthenticationException.class),
                    e -> assertThat(e).hasRootCauseInstanceOf(SaslAuthenticationException.class));
        }

        // Authenticated, but not the owner: revenue-service may not write settlement.awarded.
        try (KafkaProducer<String, String> producer = producer(with(KafkaClients.as(info, Topics.REVENUE), "max.block.ms", 10000))) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(Topics.SETTLEMENT_AWARDED, "node-op:x", "{}"))
                    .get(15, TimeUnit.SECONDS)).satisfiesAnyOf(
                    e -> assertThat(e).isInstanceOf(TopicAuthorizationException.class),
                    e -> assertThat(e).hasRootCauseInstanceOf(TopicAuthorizationException.class));
        }
        // The owner may.
        try (KafkaProducer<String, String> producer = producer(KafkaClients.as(info, Topics.SETTLEMENT))) {
            producer.send(new ProducerRecord<>(Topics.SETTLEMENT_AWARDED, "stack-test", "{}")).get(15, TimeUnit.SECONDS);
        }

        // A service reading what it has no business reading: wallet-service and goals.requests.
        Map<String, Object> reader = with(KafkaClients.as(info, Topics.WALLET), "group.id", "wallet-credits");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(reader, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.GOALS_REQUESTS));
            assertThatThrownBy(() -> {
                for (int i = 0; i < 20; i++) {
                    consumer.poll(Duration.ofMillis(500));
                }
            }).isInstanceOf(TopicAuthorizationException.class);
        }

        // The ACLs in the broker: every topic has exactly its owner as writer.
        try (Admin admin = Admin.create(KafkaClients.admin(info))) {
            Map<String, Set<String>> writers = new TreeMap<>();
            for (AclBinding acl : admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS)) {
                if (acl.pattern().resourceType() == ResourceType.TOPIC && acl.entry().operation() == AclOperation.WRITE) {
                    writers.computeIfAbsent(acl.pattern().name(), t -> new TreeSet<>()).add(acl.entry().principal());
                }
            }
            Map<String, Set<String>> expected = new TreeMap<>();
            Topics.OWNERS.forEach((topic, owner) -> expected.put(topic, Set.of("User:" + owner)));
            assertThat(writers).isEqualTo(expected);
        } catch (ExecutionException e) {
            throw new AssertionError(e);
        }
    }

    private static Map<String, Object> with(Map<String, Object> settings, String key, Object value) {
        Map<String, Object> copy = new HashMap<>(settings);
        copy.put(key, value);
        return copy;
    }

    private static KafkaProducer<String, String> producer(Map<String, Object> settings) {
        return new KafkaProducer<>(settings, new StringSerializer(), new StringSerializer());
    }
}
