package com.platformeconomy.wallet.ledger;

import com.platformeconomy.platform.consumer.EventConsumer;
import com.platformeconomy.platform.consumer.Retry;
import com.platformeconomy.contracts.event.EventCodec;
import com.platformeconomy.contracts.event.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import com.platformeconomy.wallet.parking.ParkedEvents;
import com.platformeconomy.wallet.redis.BucketStops;
import java.util.stream.Collectors;
import io.smallrye.reactive.messaging.annotations.Blocking;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Books {@code billing.events} into {@code token_ledger}, a Kafka batch at a time: one INSERT for
 * the batch, and the offsets are committed only once it is written (the method's Uni completes).
 * Idempotent on the event id, so a redelivered or replayed batch books nothing twice.
 */
@ApplicationScoped
@io.quarkus.runtime.Startup
public class LedgerConsumer {

    public static final String CHANNEL = "billing-ledger";

    private final TokenLedger ledger;
    private final Counter booked;
    private final Counter malformed;
    private final Counter duplicates;
    private final Counter numberedTwice;
    private final BucketStops stops;
    private final ParkedEvents parked;
    private final EventConsumer<List<LedgerRow>> consumer;

    public LedgerConsumer(TokenLedger ledger, ParkedEvents parked, BucketStops stops, MeterRegistry registry) {
        this.ledger = ledger;
        this.stops = stops;
        this.numberedTwice = Counter.builder("wallet.ledger.seqs.numbered.twice")
                .description("seqs the ledger held for another movement when handed them again (their bucket is held against the ledger at once)")
                .register(registry);
        this.parked = parked;
        this.duplicates = Counter.builder("wallet.ledger.events.conflicting")
                .description("billing events whose id the ledger holds for another movement (parked)").register(registry);
        this.booked = Counter.builder("wallet.ledger.rows.booked")
                .description("ledger rows written (replays write none)").register(registry);
        this.malformed = Counter.builder("wallet.ledger.events.malformed")
                .description("billing events whose rows PostgreSQL refused (parked)").register(registry);
        // Money events are never skipped for being late: the database away holds the batch and its offsets.
        this.consumer = EventConsumer.of(ParkedEvents.LEDGER, LedgerConsumer::read, parked, Retry.UNTIL_APPLIED, registry);
    }

    /**
     * The ledger rows of a billing event; null for one that moves nothing. Only wallet-service's
     * relay writes billing.events (SPEC §10): anything else is refused, parked, never booked.
     */
    private static List<LedgerRow> read(String payload) {
        List<LedgerRow> rows = LedgerRows.of(EventCodec.decodeFrom(Topics.BILLING_EVENTS, payload));
        return rows.isEmpty() ? null : rows;
    }

    /**
     * On a worker thread (in order, one batch at a time, as before): decoding a batch of up to 500
     * events could hold an event loop for over 4 ms (Vert.x' blocked-thread checker), and the charge
     * requests queued on that loop waited for it (bench/README "2026-12-06 noon": the single route's
     * tail at half its peak). The INSERT's encoding and I/O still run on a Vert.x event loop, the
     * pool connection's, shared with HTTP.
     */
    @Incoming(CHANNEL)
    @Blocking
    public Uni<Void> book(List<String> payloads) {
        return consumer.batch(payloads, this::bookRows);
    }

    /**
     * Books the events' rows in one INSERT. A row PostgreSQL refuses (bad data) would fail the whole
     * batch on every try: then the events are booked one by one and only the refused one is parked.
     * Anything else (the database unreachable) fails, and the consumer's policy retries the batch.
     */
    private Uni<Integer> bookRows(List<List<LedgerRow>> events) {
        List<LedgerRow> rows = events.stream().flatMap(List::stream).toList();
        return insert(rows)
                .onFailure(LedgerConsumer::refusedData).recoverWithUni(refused -> oneByOne(events))
                .invoke(inserted -> booked.increment(inserted));
    }

    /** Books {@code rows}, then looks at what the unique key kept out; the rows inserted. */
    private Uni<Integer> insert(List<LedgerRow> rows) {
        // Deferred: a row the insert cannot even encode (a time out of range) fails this Uni, not the caller.
        return Uni.createFrom().deferred(() -> ledger.insert(rows, this::checkWhereNumberedTwice))
                // Counted once committed: a batch rolled back and retried names its seqs again.
                .invoke(insert -> numberedTwice.increment(insert.numberedTwice().size()))
                .chain(insert -> checkReplays(rows, insert.inserted()).replaceWith(insert.inserted()));
    }

    /**
     * When the unique key kept rows out ({@code inserted} short of the batch), every row of the batch is
     * held against what the ledger holds under its key: the same movement (this batch's own insert, or
     * a redelivery of a booked one: nothing to do), or another movement under an id the ledger holds
     * (booked before, or by a row before it in this very batch): that one is parked and counted, never
     * silently dropped, so reconciliation can name it.
     */
    private Uni<Void> checkReplays(List<LedgerRow> rows, int inserted) {
        if (inserted == rows.size()) {
            return Uni.createFrom().voidItem();
        }
        return ledger.booked(rows.stream().map(LedgerRow::eventId).distinct().toList()).chain(booked -> {
            Map<String, LedgerRow> differing = new LinkedHashMap<>();
            for (LedgerRow row : rows) {
                LedgerRow held = booked.get(TokenLedger.key(row.eventId(), row.side()));
                if (held == null || !sameMovement(row, held)) {
                    differing.putIfAbsent(row.eventId() + "@" + row.seq(), row); // each movement's own, even in one batch
                }
            }
            Uni<Void> parking = Uni.createFrom().voidItem();
            for (LedgerRow row : differing.values()) {
                duplicates.increment();
                parking = parking.chain(() -> parked.park(ParkedEvents.LEDGER, row.eventId(), row.seq(),
                        // The seq in the reason: parked rows are one per (source, event id, reason), and each
                        // other movement under the id must keep its own row, seq and rows.
                        "the ledger holds event_id " + row.eventId() + " for another movement (this one: seq " + row.seq() + ")",
                        rows.stream().filter(r -> r.eventId().equals(row.eventId()) && r.seq() == row.seq())
                                .map(LedgerRow::toString).collect(Collectors.joining("\n"))));
            }
            return parking;
        });
    }

    /**
     * A seq the ledger holds for another movement: the bucket's Redis may have gone back in time and
     * number movements again (a sound counter never hands out a seq twice), while its balances lack
     * what the ledger booked, so its users can spend again what they spent. The movement is booked (it
     * happened: its caller was answered), and the bucket's counter is held against the ledger's highest
     * seq at once, not at the next check (up to 5 minutes later): stopped while it is still below
     * ({@link BucketStops#checkNumberedTwice}). It runs before the insert commits: should it fail,
     * nothing is booked and the batch is retried, so the seqs are found again (committed first, a
     * retry would insert nothing and find none).
     */
    private Uni<Void> checkWhereNumberedTwice(TokenLedger.Insert insert) {
        if (insert.numberedTwice().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return stops.checkNumberedTwice(insert.numberedTwice()).replaceWithVoid();
    }

    private static boolean sameMovement(LedgerRow a, LedgerRow b) {
        return a.seq() == b.seq() && a.account().equals(b.account()) && a.amount() == b.amount()
                && a.counterAccount().equals(b.counterAccount()) && a.kind().equals(b.kind());
    }

    private Uni<Integer> oneByOne(List<List<LedgerRow>> events) {
        return Multi.createFrom().iterable(events)
                .onItem().transformToUniAndConcatenate(rows -> insert(rows)
                        .onFailure(LedgerConsumer::refusedData).recoverWithUni(refused -> {
                            malformed.increment();
                            return parked.park(ParkedEvents.LEDGER, rows.get(0).eventId(), rows.get(0).seq(),
                                    "PostgreSQL refuses its rows: " + refused.getMessage(),
                                    rows.stream().map(LedgerRow::toString).collect(Collectors.joining("\n"))).replaceWith(0);
                        }))
                .collect().with(Collectors.summingInt(Integer::intValue));
    }

    /**
     * What the same rows meet on every try: data or constraint errors (SQLSTATE classes 22 and 23)
     * and whatever else {@link Retry#neverPassing} names (an index row too large, a time out of
     * range). Booked one by one here, the refused event is parked with its event id and seq, which
     * reconciliation counts; left to the consumer skeleton it would be parked without them.
     */
    private static boolean refusedData(Throwable failure) {
        return Retry.neverPassing(failure) != null
                || failure instanceof PgException pg && pg.getSqlState() != null && pg.getSqlState().startsWith("23");
    }
}
