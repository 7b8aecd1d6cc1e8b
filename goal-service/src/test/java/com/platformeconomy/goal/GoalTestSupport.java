package com.platformeconomy.goal;

import static io.restassured.RestAssured.given;

import com.platformeconomy.contracts.event.CloudEvent;
import com.platformeconomy.contracts.event.EventCodec;
import com.platformeconomy.contracts.event.GoalChanged;
import com.platformeconomy.contracts.event.Topics;
import com.platformeconomy.stack.KafkaClients;
import com.platformeconomy.testkit.tokens.Tokens;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Goals over REST, and a plain Kafka consumer that sees what the service really sends. */
public final class GoalTestSupport {

    private GoalTestSupport() {
    }

    public static String requestBody(String requestId, long budget, int maxLossPercent) {
        return """
                {"request_id":"%s","type":"trading","title":"Auto-funded long-term goal","strategy":"long_term",
                 "market":"crypto","budget_tokens":%d,"max_loss_percent":%d,"funding_source":"revenue:auto_funding"}"""
                .formatted(requestId, budget, maxLossPercent);
    }

    /** Creates a paper goal over REST and returns its id. */
    public static String createGoal(long budget, int maxLossPercent) {
        return given().auth().oauth2(Tokens.admin("admin:funding")).contentType(ContentType.JSON)
                .body(requestBody("req-" + UUID.randomUUID(), budget, maxLossPercent))
                .when().post("/api/goals")
                .then().statusCode(201)
                .extract().path("goal_id");
    }

    /** Every goals.events event on Kafka now, read from the beginning with a plain consumer. */
    public static List<CloudEvent<GoalChanged>> goalEvents() {
        List<CloudEvent<GoalChanged>> events = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(KafkaClients.adminWith(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.GOALS_EVENTS, Duration.ofSeconds(10)).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            if (partitions.isEmpty()) {
                return events;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    events.add(EventCodec.decode(record.value(), GoalChanged.class));
                }
            }
        }
        return events;
    }

    /** The changes goals.events carries for {@code goalId}, in order. */
    public static List<String> changesOf(String goalId) {
        return goalEvents().stream().filter(e -> goalId.equals(e.data().goalId())).map(e -> e.data().change()).toList();
    }

}
