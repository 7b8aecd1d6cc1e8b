package com.platformeconomy.stack;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far each consumer group of a Kafka cluster is behind the end of the partitions it has
 * committed offsets for: what a benchmark waits on before it measures the next phase, and what it
 * watches to time the recovery from a burst.
 */
public final class ConsumerLag {

    private ConsumerLag() {
    }

    /** An admin client of the stack's cluster, as its admin user (the broker takes no anonymous client), for {@link #perGroup}. */
    public static Admin admin(StackInfo stack) {
        return Admin.create(KafkaClients.admin(stack));
    }

    /** Messages not yet committed, per consumer group (groups with no committed offset count 0). */
    public static Map<String, Long> perGroup(Admin admin) throws ExecutionException, InterruptedException {
        Map<String, Long> lag = new TreeMap<>();
        for (ConsumerGroupListing group : admin.listConsumerGroups().all().get()) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group.groupId()).partitionsToOffsetAndMetadata().get();
            committed.values().removeIf(offset -> offset == null);
            Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(committed.keySet().stream()
                    .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()))).all().get();
            long behind = 0;
            for (var entry : committed.entrySet()) {
                behind += Math.max(0, ends.get(entry.getKey()).offset() - entry.getValue().offset());
            }
            lag.put(group.groupId(), behind);
        }
        return lag;
    }
}
