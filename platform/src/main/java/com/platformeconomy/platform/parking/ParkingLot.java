package com.platformeconomy.platform.parking;

import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The suite's parking lot (SPEC §10 "Nothing is dropped silently"): an event a consumer cannot
 * apply (unreadable, refused, or still failing after its retries, including what a dead-letter
 * topic holds) is parked in the service's {@code parked_event} table with its reason, counted
 * ({@code parking.events.parked} per channel, {@code parking.events.waiting} for those not yet
 * replayed), listed and replayed by an admin through the {@link ParkedEventHandler} of its channel.
 *
 * <p>A service adopts it with three pieces: a Flyway migration creating {@code parked_event}
 * (copy {@code db/parking/parked_event.sql} of this module into its own {@code db/migration} as its
 * next version), a {@link ParkedEventHandler} bean per channel, and a small admin resource that
 * calls {@link #list} and {@link #replay}. Parking runs in a transaction of its own, so it is kept
 * even when the consumer's work was rolled back.
 */
@ApplicationScoped
public class ParkingLot implements com.platformeconomy.platform.consumer.Parking {

    private static final Logger LOG = Logger.getLogger(ParkingLot.class);

    private static final String INSERT = """
            INSERT INTO parked_event (channel, message_key, payload, reason) VALUES (:channel, :key, :payload, :reason)""";
    private static final String SELECT = """
            SELECT id, channel, message_key, payload, reason, status, replay_attempts, parked_at, replayed_at
            FROM parked_event""";
    private static final String WAITING = "SELECT COUNT(*) FROM parked_event WHERE status = '"
            + ParkedStatus.PARKED.wire() + "'";
    private static final String REPLAYED = """
            UPDATE parked_event SET status = '$REPLAYED', replayed_at = now(), replay_attempts = replay_attempts + 1
            WHERE id = :id AND status = '$PARKED'"""
            .replace("$REPLAYED", ParkedStatus.REPLAYED.wire()).replace("$PARKED", ParkedStatus.PARKED.wire());
    private static final String STILL_FAILING = """
            UPDATE parked_event SET reason = :reason, replay_attempts = replay_attempts + 1 WHERE id = :id""";

    private final MeterRegistry registry;
    private final Instance<ParkedEventHandler> handlers;
    private final AtomicLong waiting = new AtomicLong();
    private final Pool pool;

    public ParkingLot(MeterRegistry registry, @Any Instance<ParkedEventHandler> handlers, Pool pool) {
        this.registry = registry;
        this.handlers = handlers;
        this.pool = pool;
        Gauge.builder("parking.events.waiting", waiting, AtomicLong::get)
                .description("events parked and not yet replayed (counted every pes.parking.count-interval, "
                        + "and after each park, list or replay)").register(registry);
    }

    /**
     * Counts the events waiting, periodically: the gauge an alert reads must be true after a restart
     * and when another replica parked, not only after this one parked or listed. {@code off} for a
     * service without platform's {@code parked_event} table.
     */
    @Scheduled(every = "${pes.parking.count-interval:30s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> countWaiting() {
        return pool.query(WAITING).execute()
                .invoke(rows -> waiting.set(rows.iterator().next().getLong(0)))
                .onFailure().invoke(e -> LOG.debugf("counting parked events failed: %s", e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /**
     * Parks {@code payload} of {@code channel} with {@code reason}, in a transaction of its own, or in
     * the caller's when one is open on the session (Hibernate Reactive joins it): the parked row then
     * commits or rolls back with the caller's work (settlement's displaced usage relies on that). The
     * log line and counter come before that commit.
     */
    /** parked_event.message_key is VARCHAR(200); a reason is kept to 1,000 characters. */
    static final int MAX_KEY = 200;
    static final int MAX_REASON = 1000;

    @Override
    public Uni<Void> park(String channel, String messageKey, String payload, String reason) {
        String why = ParkedText.bounded(reason == null ? "unknown" : reason, MAX_REASON);
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery(INSERT)
                        .setParameter("channel", channel)
                        .setParameter("key", ParkedText.bounded(messageKey, MAX_KEY))
                        .setParameter("payload", payload == null ? "" : ParkedText.text(payload))
                        .setParameter("reason", why)
                        .executeUpdate()))
                .invoke(() -> {
                    LOG.warnf("parked an event of %s: %s", channel, why);
                    registry.counter("parking.events.parked", "channel", channel).increment();
                })
                .call(this::refreshWaiting)
                .replaceWithVoid();
    }

    /** The parked events, newest first; {@code status} null for all. */
    public Uni<List<ParkedEvent>> list(String status, int limit) {
        String sql = SELECT + (status == null ? "" : " WHERE status = :status") + " ORDER BY id DESC LIMIT :limit";
        return Panache.withSession(() -> Panache.getSession().chain(session -> {
                    var query = session.createNativeQuery(sql, Object[].class).setParameter("limit", limit);
                    if (status != null) {
                        query.setParameter("status", status);
                    }
                    return query.getResultList();
                }))
                .map(rows -> rows.stream().map(ParkingLot::event).toList())
                .call(this::refreshWaiting);
    }

    /**
     * Applies the parked event again through its channel's handler: answers it marked replayed, or
     * still parked with the reason it failed again. 404 for an unknown id, 409 when already replayed.
     */
    public Uni<ParkedEvent> replay(long id) {
        return find(id).chain(event -> {
            if (!event.state().canMoveTo(ParkedStatus.REPLAYED)) {
                return Uni.createFrom().failure(new ApiException(ErrorCode.ALREADY_REPLAYED,
                        "Parked event " + id + " was already replayed."));
            }
            ParkedEventHandler handler = handlers.stream().filter(h -> h.channel().equals(event.channel()))
                    .findFirst().orElse(null);
            if (handler == null) {
                return Uni.createFrom().failure(new ApiException(ErrorCode.NO_HANDLER,
                        "Nothing in this service replays events of " + event.channel() + "."));
            }
            return Uni.createFrom().deferred(() -> handler.apply(event.payload()))
                    .chain(() -> update(REPLAYED, id, null))
                    .invoke(() -> registry.counter("parking.events.replayed", "channel", event.channel()).increment())
                    .onFailure().recoverWithUni(failure -> update(STILL_FAILING, id, "replay failed: " + failure.getMessage()))
                    .chain(() -> find(id))
                    .call(this::refreshWaiting);
        });
    }

    private Uni<Integer> update(String sql, long id, String reason) {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(sql).setParameter("id", id);
            if (reason != null) {
                query.setParameter("reason", ParkedText.bounded(reason, MAX_REASON));
            }
            return query.executeUpdate();
        }));
    }

    private Uni<ParkedEvent> find(long id) {
        return Panache.withSession(() -> Panache.getSession().chain(session -> session
                        .createNativeQuery(SELECT + " WHERE id = :id", Object[].class).setParameter("id", id).getResultList()))
                .map(rows -> {
                    if (rows.isEmpty()) {
                        throw new ApiException(ErrorCode.UNKNOWN_PARKED_EVENT, "No parked event " + id + ".");
                    }
                    return event(rows.get(0));
                });
    }

    private Uni<Void> refreshWaiting(Object ignored) {
        return Panache.withSession(() -> Panache.getSession().chain(session ->
                        session.createNativeQuery(WAITING, Long.class).getSingleResult()))
                .invoke(count -> waiting.set(count))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private static ParkedEvent event(Object[] row) {
        return new ParkedEvent(((Number) row[0]).longValue(), (String) row[1], (String) row[2], (String) row[3],
                (String) row[4], (String) row[5], ((Number) row[6]).intValue(), time(row[7]), time(row[8]));
    }

    private static OffsetDateTime time(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof OffsetDateTime offset) {
            return offset;
        }
        if (value instanceof java.time.Instant instant) {
            return instant.atOffset(java.time.ZoneOffset.UTC);
        }
        if (value instanceof java.time.LocalDateTime local) {
            return local.atOffset(java.time.ZoneOffset.UTC);
        }
        return OffsetDateTime.parse(value.toString());
    }
}
