package com.platformeconomy.revenue.stream;

import com.platformeconomy.contracts.event.MalformedEventException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Feeds the roll-ups from billing.events and settlement.awarded, a batch at a time; offsets are
 * committed after the batch's transaction. A record that can never be read is logged, counted and
 * skipped; a failure that may pass (the database away) is retried and then fails the channel, so
 * nothing is skipped silently and readiness goes down.
 */
@ApplicationScoped
public class RevenueConsumers {

    private static final Logger LOG = Logger.getLogger(RevenueConsumers.class);

    private final RollupWriter writer;
    private final Clock clock = Clock.systemUTC();
    private final Counter skipped;
    private final Counter counted;

    public RevenueConsumers(RollupWriter writer, MeterRegistry registry) {
        this.writer = writer;
        this.skipped = Counter.builder("revenue.events.skipped")
                .description("records on revenue topics that could not be read and were skipped").register(registry);
        this.counted = Counter.builder("revenue.events.counted")
                .description("revenue events counted into the daily roll-ups (replays excluded)").register(registry);
    }

    @Incoming("billing-revenue")
    public Uni<Void> billing(List<String> payloads) {
        return record(payloads, RevenueEvents::fromBilling);
    }

    @Incoming("settlement-revenue")
    public Uni<Void> settlement(List<String> payloads) {
        return record(payloads, RevenueEvents::fromSettlement);
    }

    private Uni<Void> record(List<String> payloads, BiFunction<String, Clock, Optional<StreamEntry>> reader) {
        List<StreamEntry> entries = new ArrayList<>();
        for (String payload : payloads) {
            try {
                reader.apply(payload, clock).ifPresent(entries::add);
            } catch (MalformedEventException e) {
                skipped.increment();
                LOG.warnf("unreadable revenue record skipped: %s", e.getMessage());
            }
        }
        return writer.record(entries)
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(8)
                .invoke(count -> counted.increment(count))
                .replaceWithVoid();
    }
}
