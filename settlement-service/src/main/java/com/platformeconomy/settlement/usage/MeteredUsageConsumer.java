package com.platformeconomy.settlement.usage;

import com.fasterxml.jackson.databind.JsonNode;
import com.platformeconomy.contracts.event.CloudEvent;
import com.platformeconomy.contracts.event.EventCodec;
import com.platformeconomy.contracts.event.MalformedEventException;
import com.platformeconomy.contracts.event.MeteredUsageReported;
import com.platformeconomy.contracts.problem.ApiException;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Metered usage reported over Kafka ({@code metered.usage}), recorded exactly as the REST route
 * records it: validated the same way and idempotent on {@code usage_id}, so redelivery is harmless.
 * An event that cannot be a usage record (broken JSON, wrong shape, invalid field, a usage id
 * reused for other values) is logged and skipped; only a failure of the database itself is
 * retried and, if it persists, sent to the dead-letter topic, never stopping the consumer.
 */
@ApplicationScoped
public class MeteredUsageConsumer {

    private static final Logger LOG = Logger.getLogger(MeteredUsageConsumer.class);

    private final MeteredUsageService usage;
    private final Validator validator;
    private final MeterRegistry registry;

    public MeteredUsageConsumer(MeteredUsageService usage, Validator validator, MeterRegistry registry) {
        this.usage = usage;
        this.validator = validator;
        this.registry = registry;
    }

    @Incoming("metered-usage")
    public Uni<Void> consume(String payload) {
        UsageRecordRequest request;
        try {
            request = parse(payload);
        } catch (MalformedEventException malformed) {
            return skip(malformed.getMessage());
        }
        return Uni.createFrom().deferred(() -> usage.record(request))
                .onFailure(failure -> !(failure instanceof ApiException))
                .retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(8)
                .invoke(recorded -> registry.counter("settlement.usage.consumed",
                        "outcome", recorded.created() ? "recorded" : "replay").increment())
                .replaceWithVoid()
                .onFailure(ApiException.class).recoverWithUni(refused ->
                        skip("usage " + request.usageId() + " refused: " + refused.getMessage()));
    }

    private Uni<Void> skip(String why) {
        LOG.warnf("skipping a metered.usage event: %s", why);
        registry.counter("settlement.usage.consumed", "outcome", "skipped").increment();
        return Uni.createFrom().voidItem();
    }

    private UsageRecordRequest parse(String payload) {
        if (payload == null) {
            throw new MalformedEventException("an empty record");
        }
        CloudEvent<JsonNode> event = EventCodec.decode(payload);
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
