package com.platformeconomy.wallet.reconciliation;

import com.platformeconomy.contracts.event.Topics;
import com.platformeconomy.platform.kafka.KafkaSecurity;
import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How many billing events the ledger's consumer group has not yet committed: Kafka's end offsets
 * of {@code billing.events} less the group's committed ones. The rebuild waits for 0, since a
 * movement still in Kafka is in no ledger sum (after Redis lost its data, the counter is no guide:
 * it starts again at 0). The group commits in batches (throttled), so a booked event may read as
 * lag for a moment.
 */
@ApplicationScoped
public class LedgerLag {

    private final String bootstrapServers;
    private final String group;

    public LedgerLag(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                     @ConfigProperty(name = "mp.messaging.incoming.billing-ledger.group.id") String group) {
        this.bootstrapServers = bootstrapServers;
        this.group = group;
    }

    /** Records of billing.events the ledger has not committed yet (a partition the group never read counts whole). */
    public Uni<Long> behind() {
        return Uni.createFrom().item(this::read).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private long read() {
        Map<String, Object> settings = new HashMap<>(KafkaSecurity.settings());
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        try (Admin admin = Admin.create(settings)) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(15, TimeUnit.SECONDS);
            var partitions = admin.describeTopics(java.util.List.of(Topics.BILLING_EVENTS)).allTopicNames()
                    .get(15, TimeUnit.SECONDS).get(Topics.BILLING_EVENTS).partitions().stream()
                    .map(p -> new TopicPartition(Topics.BILLING_EVENTS, p.partition()))
                    .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
            var ends = admin.listOffsets(partitions).all().get(15, TimeUnit.SECONDS);
            var starts = admin.listOffsets(partitions.keySet().stream()
                    .collect(Collectors.toMap(p -> p, p -> OffsetSpec.earliest()))).all().get(15, TimeUnit.SECONDS);
            long behind = 0;
            for (var end : ends.entrySet()) {
                // Records retention already deleted are nobody's to book: counted from the log's start.
                long from = starts.get(end.getKey()).offset();
                OffsetAndMetadata done = committed.get(end.getKey());
                behind += Math.max(0, end.getValue().offset() - Math.max(from, done == null ? 0 : done.offset()));
            }
            return behind;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(ErrorCode.LEDGER_BEHIND, "Interrupted while asking Kafka how far the ledger is behind.");
        } catch (Exception e) {
            throw new ApiException(ErrorCode.LEDGER_BEHIND, "Kafka did not say how far the ledger is behind ("
                    + e.getMessage() + "); try the rebuild again shortly.");
        }
    }
}
