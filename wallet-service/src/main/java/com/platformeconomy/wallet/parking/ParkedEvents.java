package com.platformeconomy.wallet.parking;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import com.platformeconomy.platform.consumer.Parking;
import com.platformeconomy.platform.idempotency.Canonical;
import com.platformeconomy.platform.parking.ParkedText;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Events wallet-service received and cannot apply (SPEC §10 "Nothing is dropped silently"): each
 * is kept in {@code parked_event} with its reason, counted ({@code wallet.events.parked}), logged
 * and listed for an admin at {@code GET /v1/admin/parked}. Parking the same event for the same
 * reason twice (a redelivery, or a replay that failed again) keeps one row, open.
 */
@ApplicationScoped
public class ParkedEvents implements Parking {

    /** Where a parked event came from. */
    public static final String LEDGER = "ledger";
    public static final String SETTLEMENT_AWARDS = "settlement-awards";
    public static final String REVENUE_DISTRIBUTIONS = "revenue-distributions";
    public static final String APP_CATALOG = "app-catalog";
    /** The resolution of an open event while an admin's replay applies it. */
    static final String REPLAYING = "replaying:";

    private static final Logger LOG = Logger.getLogger(ParkedEvents.class);

    /** One parked event; {@code seq} for billing events (the movement Redis applied). */
    public record Parked(long id, String source, String eventId, @Schema(nullable = true) Long seq, String reason, String payload,
                         OffsetDateTime parkedAt, @Schema(nullable = true) OffsetDateTime resolvedAt, @Schema(nullable = true) String resolution) {
    }

    private final Pool pool;
    private final MeterRegistry metrics;

    public ParkedEvents(Pool pool, MeterRegistry metrics) {
        this.pool = pool;
        this.metrics = metrics;
        metrics.gauge("wallet.events.parked.open", this, p -> p.open);
    }

    /** Unresolved parked events as last counted; an alert fires while it is above 0. */
    private volatile double open;

    @io.quarkus.scheduler.Scheduled(every = "${wallet.parked.count-interval:30s}",
            concurrentExecution = io.quarkus.scheduler.Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> count() {
        return pool.query("SELECT count(*) AS open FROM parked_event WHERE resolved_at IS NULL").execute()
                .invoke(rows -> open = rows.iterator().next().getLong("open"))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /**
     * Parks a record a consumer could not read or apply (platform's consumer skeleton): keyed by its
     * event id when known, else by its payload's SHA-256, so that a redelivery keeps one row (and no
     * other payload can be made to land on that row: String.hashCode's collisions are easy to write).
     */
    @Override
    public Uni<Void> park(String source, String eventId, String payload, String reason) {
        String key = eventId != null ? eventId : "malformed:" + Canonical.sha256(payload == null ? "" : payload);
        return park(source, key, null, reason, payload == null ? "" : payload);
    }

    public Uni<Void> park(String source, String eventId, Long seq, String reason, String payload) {
        LOG.errorf("parking %s event %s (seq %s): %s", source, eventId, seq, reason);
        return pool.preparedQuery("""
                        INSERT INTO parked_event (source, event_id, seq, reason, payload) VALUES ($1, $2, $3, $4, $5)
                        ON CONFLICT (source, event_id, reason) DO UPDATE SET resolved_at = NULL, resolution = NULL
                        RETURNING (xmax = 0) AS inserted""")
                .execute(Tuple.of(source, ParkedText.bounded(eventId, MAX_KEY), seq, ParkedText.bounded(reason, MAX_REASON),
                        ParkedText.text(payload)))
                .invoke(rows -> {
                    if (rows.iterator().next().getBoolean("inserted")) {
                        metrics.counter("wallet.events.parked", "source", source).increment();
                    }
                })
                .replaceWithVoid();
    }

    /** Characters of a parked event's key and reason: their unique index holds at most 2,704 bytes (4 per character at most). */
    static final int MAX_KEY = com.platformeconomy.contracts.event.EventCodec.MAX_ID_LENGTH;
    static final int MAX_REASON = 300;


    /** Every parked event, the unresolved first, newest first. */
    public Uni<List<Parked>> list(boolean openOnly) {
        return pool.preparedQuery("SELECT * FROM parked_event WHERE ($1 = false OR resolved_at IS NULL) "
                        + "ORDER BY resolved_at IS NOT NULL, id DESC LIMIT 1000")
                .execute(Tuple.of(openOnly))
                .map(rows -> {
                    List<Parked> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(read(r));
                    }
                    return out;
                });
    }

    public Uni<Parked> get(long id) {
        return pool.preparedQuery("SELECT * FROM parked_event WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    return read(rows.iterator().next());
                });
    }

    private static Parked read(Row r) {
        return new Parked(r.getLong("id"), r.getString("source"), r.getString("event_id"), r.getLong("seq"),
                r.getString("reason"), r.getString("payload"), r.getOffsetDateTime("parked_at"),
                r.getOffsetDateTime("resolved_at"), r.getString("resolution"));
    }

    /**
     * Marks an open event as being replayed ({@code resolution} 'replaying:' and this replay's own
     * token; it stays open until {@link #resolveReplayed}): a crash, a cancelled request or a failure
     * half-way leaves it open. Returns the token.
     */
    public Uni<String> replaying(long id) {
        String token = REPLAYING + UUID.randomUUID();
        return pool.preparedQuery("UPDATE parked_event SET resolution = $2 WHERE id = $1 AND resolved_at IS NULL")
                .execute(Tuple.of(id, token)).replaceWith(token);
    }

    /**
     * Resolves an event whose replay ({@code token}) has applied it, unless it parked again meanwhile
     * (a park of the same event and reason clears the mark) or another replay has marked it since
     * (that one resolves it once it has applied it): the row stays open then.
     */
    public Uni<Void> resolveReplayed(long id, String token) {
        return pool.preparedQuery("UPDATE parked_event SET resolved_at = now(), resolution = 'replayed' "
                        + "WHERE id = $1 AND resolved_at IS NULL AND resolution = $2")
                .execute(Tuple.of(id, token)).replaceWithVoid();
    }
}
