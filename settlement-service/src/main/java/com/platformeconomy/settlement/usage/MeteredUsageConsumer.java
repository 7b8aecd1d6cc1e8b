package com.platformeconomy.settlement.usage;

import com.fasterxml.jackson.databind.JsonNode;
import com.platformeconomy.contracts.event.CloudEvent;
import com.platformeconomy.contracts.event.EventCodec;
import com.platformeconomy.contracts.event.MalformedEventException;
import com.platformeconomy.contracts.event.Topics;
import com.platformeconomy.contracts.event.MeteredUsageReported;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import com.platformeconomy.platform.consumer.EventConsumer;
import com.platformeconomy.platform.consumer.Retry;
import com.platformeconomy.platform.parking.ParkedEventHandler;
import com.platformeconomy.platform.parking.ParkingLot;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Metered usage reported over Kafka ({@code metered.usage}), recorded exactly as the REST route
 * records it by a service: validated the same way, idempotent on node and {@code usage_id}
 * (redelivery is harmless), and payable only under the same rules (SPEC §10; {@link MeteredUsageService}). An
 * event that cannot be a usage record (broken JSON, wrong shape, invalid field, a usage id reused
 * for other values) is parked with its reason (platform/parking), never dropped. A failure of the
 * database itself is retried; if it persists the event is parked, and if even that fails it goes
 * to the dead-letter topic, whose {@link #deadLetter consumer} parks it once the database is back.
 * Every parked event is listed and replayed by an admin through this channel's handler.
 */
@ApplicationScoped
@io.quarkus.runtime.Startup
public class MeteredUsageConsumer implements ParkedEventHandler {

    static final String CHANNEL = "metered-usage";

    private final MeteredUsageService usage;
    private final Validator validator;
    private final MeterRegistry registry;
    private final EventConsumer<UsageRecordRequest> consumer;

    public MeteredUsageConsumer(MeteredUsageService usage, Validator validator, MeterRegistry registry, ParkingLot parking) {
        this.usage = usage;
        this.validator = validator;
        this.registry = registry;
        this.consumer = EventConsumer.of(CHANNEL, this::parse, parking, Retry.THEN_PARK, registry);
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(String payload) {
        return consumer.one(payload, request -> usage.record(request)
                .invoke(recorded -> registry.counter("settlement.usage.consumed",
                        "outcome", recorded.created() ? "recorded" : "replay").increment()));
    }

    /**
     * What reached the dead-letter topic (the database refused even the parking): parked once the
     * database is back, retried until it is, so that an admin sees and replays it.
     */
    @Incoming("metered-usage-dead-letter")
    public Uni<Void> deadLetter(Message<String> message) {
        String reason = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(meta -> meta.getHeaders().lastHeader("dead-letter-reason"))
                .map(header -> new String(header.value(), java.nio.charset.StandardCharsets.UTF_8))
                .orElse("unknown");
        return Retry.UNTIL_APPLIED.around(Uni.createFrom().deferred(() -> consumer.park(message.getPayload(), "dead-lettered: " + reason)))
                .chain(() -> Uni.createFrom().completionStage(message.ack()));
    }

    @Override
    public String channel() {
        return CHANNEL;
    }

    /** A parked event applied again (admin replay): it fails, and stays parked, if it still cannot be recorded. */
    @Override
    public Uni<Void> apply(String payload) {
        return consumer.replay(payload, usage::record);
    }

    private UsageRecordRequest parse(String payload) {
        // Nodes report usage as node-agent (Topics): an event another identity wrote is refused (SPEC §10).
        CloudEvent<JsonNode> event = EventCodec.decodeFrom(Topics.METERED_USAGE, payload);
        if (!MeteredUsageReported.TYPE.equals(event.type())) {
            throw new MalformedEventException("event " + event.id() + " has type " + event.type());
        }
        // EventCodec is lenient for compatibility; token counts are money-adjacent and must be whole numbers.
        for (String count : List.of("tokens_in", "tokens_out")) {
            if (!event.data().path(count).isIntegralNumber()) {
                throw new MalformedEventException("event " + event.id() + ": " + count + " must be a whole number");
            }
        }
        MeteredUsageReported reported = EventCodec.data(event, MeteredUsageReported.class);
        UsageRecordRequest request = new UsageRecordRequest(reported.usageId(), reported.nodeId(), reported.operatorId(),
                reported.modelId(), reported.taskSource(), reported.tokensIn(), reported.tokensOut(),
                reported.actualUsdCost(), reported.authorizationId());
        Set<ConstraintViolation<UsageRecordRequest>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw new MalformedEventException("event " + event.id() + ": " + violations.stream()
                    .map(v -> v.getPropertyPath() + " " + v.getMessage()).sorted().collect(Collectors.joining(", ")));
        }
        return request;
    }
}
