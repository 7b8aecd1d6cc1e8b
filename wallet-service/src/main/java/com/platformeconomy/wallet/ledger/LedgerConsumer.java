package com.platformeconomy.wallet.ledger;

import com.platformeconomy.contracts.event.EventCodec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Books {@code billing.events} into {@code token_ledger}, a Kafka batch at a time: one INSERT for
 * the batch, and the offsets are committed only once it is written (the method's Uni completes).
 * Idempotent on the event id, so a redelivered or replayed batch books nothing twice.
 */
@ApplicationScoped
public class LedgerConsumer {

    public static final String CHANNEL = "billing-ledger";

    private static final Logger LOG = Logger.getLogger(LedgerConsumer.class);

    private final TokenLedger ledger;
    private final LedgerConfig config;
    private final Counter booked;
    private final Counter malformed;

    public LedgerConsumer(TokenLedger ledger, LedgerConfig config, MeterRegistry registry) {
        this.ledger = ledger;
        this.config = config;
        this.booked = Counter.builder("wallet.ledger.rows.booked")
                .description("ledger rows written (replays write none)").register(registry);
        this.malformed = Counter.builder("wallet.ledger.events.malformed")
                .description("billing events that could not be booked and were skipped").register(registry);
    }

    @Incoming(CHANNEL)
    public Uni<Void> book(List<String> payloads) {
        List<List<LedgerRow>> events = new ArrayList<>(payloads.size());
        for (String payload : payloads) {
            try {
                List<LedgerRow> rows = LedgerRows.of(EventCodec.decode(payload));
                if (!rows.isEmpty()) {
                    events.add(rows);
                }
            } catch (RuntimeException unreadable) {
                // A broken event must not stop the partition behind it: log it for a person and go on.
                malformed.increment();
                LOG.errorf("skipping a billing event that cannot be booked (%s): %.500s", unreadable.getMessage(), payload);
            }
        }
        List<LedgerRow> rows = events.stream().flatMap(List::stream).toList();
        // A row PostgreSQL refuses (bad data) would fail the whole batch on every try: then the
        // events are booked one by one and only the refused one is skipped. Anything else (the
        // database unreachable) holds the batch and its offsets until PostgreSQL is back: money
        // events are never skipped for being late.
        return ledger.insert(rows)
                .onFailure(LedgerConsumer::refusedData).recoverWithUni(refused -> oneByOne(events))
                .onFailure().invoke(failure -> LOG.warnf("ledger batch of %d rows will be retried: %s", rows.size(), failure.getMessage()))
                .onFailure().retry().withBackOff(config.retryBackoff(), config.maxRetryBackoff()).indefinitely()
                .invoke(inserted -> booked.increment(inserted))
                .replaceWithVoid();
    }

    private Uni<Integer> oneByOne(List<List<LedgerRow>> events) {
        return Multi.createFrom().iterable(events)
                .onItem().transformToUniAndConcatenate(rows -> ledger.insert(rows)
                        .onFailure(LedgerConsumer::refusedData).recoverWithItem(refused -> {
                            malformed.increment();
                            LOG.errorf("skipping billing event %s: PostgreSQL refuses its rows (%s): %s",
                                    rows.get(0).eventId(), refused.getMessage(), rows);
                            return 0;
                        }))
                .collect().with(Collectors.summingInt(Integer::intValue));
    }

    /** Data or constraint errors (SQLSTATE classes 22 and 23): the same rows would be refused on every try. */
    private static boolean refusedData(Throwable failure) {
        return failure instanceof PgException pg && pg.getSqlState() != null
                && (pg.getSqlState().startsWith("22") || pg.getSqlState().startsWith("23"));
    }
}
