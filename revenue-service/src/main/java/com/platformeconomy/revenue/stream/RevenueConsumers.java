package com.platformeconomy.revenue.stream;

import com.platformeconomy.contracts.event.ForeignSourceException;
import com.platformeconomy.contracts.event.MalformedEventException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import com.platformeconomy.platform.parking.ParkedEventHandler;
import com.platformeconomy.platform.parking.ParkingLot;
import io.smallrye.mutiny.Multi;
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
 * committed after the batch's transaction. A record that can never be read is parked with its
 * reason (contracts/parking: counted, listed and replayable by an admin through {@link Replay});
 * a failure that may pass (the database away) is retried and then fails the channel, so nothing
 * is skipped silently and readiness goes down.
 */
@ApplicationScoped
public class RevenueConsumers {

    static final String BILLING = "billing-revenue";
    static final String SETTLEMENT = "settlement-revenue";

    private static final Logger LOG = Logger.getLogger(RevenueConsumers.class);

    private final RollupWriter writer;
    private final Clock clock = Clock.systemUTC();
    private final Counter skipped;
    private final Counter counted;

    private final ParkingLot parking;

    public RevenueConsumers(RollupWriter writer, MeterRegistry registry, ParkingLot parking) {
        this.writer = writer;
        this.parking = parking;
        this.skipped = Counter.builder("revenue.events.skipped")
                .description("records on revenue topics that could not be read and were skipped").register(registry);
        this.counted = Counter.builder("revenue.events.counted")
                .description("revenue events counted into the daily roll-ups (replays excluded)").register(registry);
    }

    @Incoming(BILLING)
    public Uni<Void> billing(List<String> payloads) {
        return record(BILLING, payloads, RevenueEvents::fromBilling);
    }

    @Incoming(SETTLEMENT)
    public Uni<Void> settlement(List<String> payloads) {
        return record(SETTLEMENT, payloads, RevenueEvents::fromSettlement);
    }

    private Uni<Void> record(String channel, List<String> payloads, BiFunction<String, Clock, Optional<StreamEntry>> reader) {
        List<StreamEntry> entries = new ArrayList<>();
        List<String[]> unreadable = new ArrayList<>();
        for (String payload : payloads) {
            try {
                reader.apply(payload, clock).ifPresent(entries::add);
            } catch (MalformedEventException e) {
                skipped.increment();
                unreadable.add(new String[] {payload, (e instanceof ForeignSourceException ? "refused: " : "unreadable: ") + e.getMessage()});
            }
        }
        // Parked before the batch's offsets can be committed: an unreadable record is never lost.
        Uni<Void> parked = Multi.createFrom().iterable(unreadable)
                .onItem().transformToUniAndConcatenate(bad -> parking.park(channel, null, bad[0], bad[1])
                        .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(8))
                .collect().last().replaceWithVoid();
        return parked.chain(() -> writer.record(entries))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(8)
                .invoke(count -> counted.increment(count))
                .replaceWithVoid();
    }

    /** Applies a parked record again (admin replay); it stays parked while it still cannot be read. */
    private Uni<Void> replay(String payload, BiFunction<String, Clock, Optional<StreamEntry>> reader) {
        return Uni.createFrom().deferred(() -> writer.record(reader.apply(payload, clock).stream().toList()))
                .invoke(count -> counted.increment(count)).replaceWithVoid();
    }

    /** The replay handlers of the two channels. */
    @ApplicationScoped
    public static class Replay {

        @jakarta.enterprise.inject.Produces
        @ApplicationScoped
        ParkedEventHandler billing(RevenueConsumers consumers) {
            return handler(BILLING, payload -> consumers.replay(payload, RevenueEvents::fromBilling));
        }

        @jakarta.enterprise.inject.Produces
        @ApplicationScoped
        @jakarta.inject.Named("settlement-revenue-replay")
        ParkedEventHandler settlement(RevenueConsumers consumers) {
            return handler(SETTLEMENT, payload -> consumers.replay(payload, RevenueEvents::fromSettlement));
        }

        private static ParkedEventHandler handler(String channel, java.util.function.Function<String, Uni<Void>> apply) {
            return new ParkedEventHandler() {
                @Override
                public String channel() {
                    return channel;
                }

                @Override
                public Uni<Void> apply(String payload) {
                    return apply.apply(payload);
                }
            };
        }
    }
}
