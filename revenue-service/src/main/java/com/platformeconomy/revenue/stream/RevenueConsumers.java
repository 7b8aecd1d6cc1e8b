package com.platformeconomy.revenue.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import com.platformeconomy.platform.consumer.EventConsumer;
import com.platformeconomy.platform.consumer.Retry;
import com.platformeconomy.platform.parking.ParkedEventHandler;
import com.platformeconomy.platform.parking.ParkingLot;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Feeds the roll-ups from billing.events and settlement.awarded, a batch at a time; offsets are
 * committed after the batch's transaction. A record that can never be read is parked with its
 * reason (platform/parking: counted, listed and replayable by an admin through {@link Replay});
 * a failure that may pass (the database away) is retried and then fails the channel, so nothing
 * is skipped silently and readiness goes down.
 */
@ApplicationScoped
@io.quarkus.runtime.Startup
public class RevenueConsumers {

    static final String BILLING = "billing-revenue";
    static final String SETTLEMENT = "settlement-revenue";

    private final RollupWriter writer;
    private final Clock clock = Clock.systemUTC();
    private final Counter counted;
    private final EventConsumer<StreamEntry> billing;
    private final EventConsumer<StreamEntry> settlement;

    public RevenueConsumers(RollupWriter writer, MeterRegistry registry, ParkingLot parking) {
        this.writer = writer;
        this.counted = Counter.builder("revenue.events.counted")
                .description("revenue events counted into the daily roll-ups (replays excluded)").register(registry);
        // Retried, then the channel fails (readiness down, offsets uncommitted): never skipped.
        this.billing = EventConsumer.of(BILLING, payload -> RevenueEvents.fromBilling(payload, clock).orElse(null),
                parking, Retry.THEN_FAIL, registry);
        this.settlement = EventConsumer.of(SETTLEMENT, payload -> RevenueEvents.fromSettlement(payload, clock).orElse(null),
                parking, Retry.THEN_FAIL, registry);
    }

    @Incoming(BILLING)
    public Uni<Void> billing(List<String> payloads) {
        return billing.batch(payloads, this::record);
    }

    @Incoming(SETTLEMENT)
    public Uni<Void> settlement(List<String> payloads) {
        return settlement.batch(payloads, this::record);
    }

    private Uni<Long> record(List<StreamEntry> entries) {
        return writer.record(entries).invoke(count -> counted.increment(count));
    }

    /** The replay handlers of the two channels (admin replay of a parked record). */
    @ApplicationScoped
    public static class Replay {

        @jakarta.enterprise.inject.Produces
        @ApplicationScoped
        ParkedEventHandler billing(RevenueConsumers consumers) {
            return consumers.billing.replayHandler(entry -> consumers.record(List.of(entry)));
        }

        @jakarta.enterprise.inject.Produces
        @ApplicationScoped
        @jakarta.inject.Named("settlement-revenue-replay")
        ParkedEventHandler settlement(RevenueConsumers consumers) {
            return consumers.settlement.replayHandler(entry -> consumers.record(List.of(entry)));
        }
    }
}
