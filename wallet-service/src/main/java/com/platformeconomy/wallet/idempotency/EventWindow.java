package com.platformeconomy.wallet.idempotency;

import com.platformeconomy.contracts.event.EventIds;
import com.platformeconomy.contracts.event.SuiteIds;
import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import com.platformeconomy.wallet.config.WalletConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The idempotency window of caller-named ids (SPEC §10; README "Idempotency"). Redis remembers an
 * id's fingerprint and first outcome for the window; an id is accepted only while that record is
 * sure to exist, so a replay is answered its first outcome and a late one is refused (409
 * {@code event_too_old}), never applied again.
 *
 * <p>The window is tied to the id, never to a time the caller states:
 * <ul>
 *   <li>a UUIDv7 carries its creation time: it is accepted from that time (less the clock skew)
 *       until the window has passed, less the clock skew and the replicas' clock margin. No
 *       storage beyond Redis.</li>
 *   <li>any other id is tied to the suite's first sight of it, kept for good in PostgreSQL
 *       ({@code first_sight}): the first request records it, and a request arriving a window after
 *       the first sight is refused. This costs one insert per new id; UUIDv7 ids do not.</li>
 * </ul>
 * Ids the suite makes for its own movements ({@link SuiteIds}) never pass here: no caller can name them.
 */
@ApplicationScoped
public class EventWindow {

    /** What a first sight is of: an event id or a hold id (separate namespaces). */
    public enum Kind {
        event("event_id", ErrorCode.INVALID_EVENT_ID),
        hold("hold_id", ErrorCode.INVALID_HOLD_ID);

        /** The request field that carries such an id, and the code refusing a malformed one. */
        private final String field;
        private final ErrorCode invalid;

        Kind(String field, ErrorCode invalid) {
            this.field = field;
            this.invalid = invalid;
        }
    }

    // One statement for any number of ids: records the unseen ones and returns, of the ids seen
    // before, those whose first sight lies outside the window (the CTE's SELECT sees the table as
    // it was before the insert, so a fresh id is never reported).
    private static final String ADMIT = """
            WITH fresh AS (
                INSERT INTO first_sight (kind, id) SELECT $1, unnest($2::text[])
                ON CONFLICT (kind, id) DO NOTHING RETURNING id)
            SELECT id FROM first_sight
            WHERE kind = $1 AND id = ANY($2::text[]) AND first_seen < now() - make_interval(secs => $3)""";

    private final WalletConfig config;
    private final Pool pool;
    private final Clock clock;

    @jakarta.inject.Inject
    public EventWindow(WalletConfig config, Pool pool) {
        this(config, pool, Clock.systemUTC());
    }

    EventWindow(WalletConfig config, Pool pool, Clock clock) {
        this.config = config;
        this.pool = pool;
        this.clock = clock;
    }

    /** Refuses (400) an id that is not of the caller's form, which also keeps out every suite id. */
    public static void requireCallerId(Kind kind, String id) {
        if (!SuiteIds.isCallerId(id)) {
            throw new ApiException(kind.invalid, kind.field + " must be 1-128 letters, digits or :._@-");
        }
    }

    /** Completes if the caller-named {@code id} may be applied now; fails 400 or 409 {@code event_too_old} if not. */
    public Uni<Void> admit(Kind kind, String id) {
        return admitAll(kind, List.of(id));
    }

    /** As {@link #admit} for many ids at once (a batch): one statement for those that are not UUIDv7. */
    public Uni<Void> admitAll(Kind kind, Collection<String> ids) {
        List<String> untimed = new ArrayList<>();
        for (String id : ids) {
            requireCallerId(kind, id);
            Instant time = EventIds.timeOf(id).orElse(null);
            if (time == null) {
                untimed.add(id);
            } else {
                try {
                    checkTime(id, time);
                } catch (ApiException outside) {
                    // A failed Uni, as for ids checked in PostgreSQL, so callers recover both alike.
                    return Uni.createFrom().failure(outside);
                }
            }
        }
        if (untimed.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        double acceptFor = (config.idempotencyWindow().toMillis() - config.clockSkew().toMillis()) / 1000.0;
        return pool.preparedQuery(ADMIT)
                .execute(Tuple.of(kind.name(), untimed.toArray(new String[0]), acceptFor))
                .map(rows -> {
                    for (Row row : rows) {
                        throw tooOld(row.getString("id"));
                    }
                    return null;
                });
    }

    private void checkTime(String id, Instant time) {
        Instant now = clock.instant();
        if (time.isAfter(now.plus(config.clockSkew()))) {
            throw new ApiException(ErrorCode.EVENT_IN_FUTURE, "The time in id " + id + " lies in the future.");
        }
        // The record lives a window from when it was applied, by the applying replica's clock, which
        // may be ahead of this one's: the margin keeps acceptance inside the record's life.
        if (time.isBefore(now.minus(config.idempotencyWindow()).plus(config.clockSkew()).plus(config.replicaClockMargin()))) {
            throw tooOld(id);
        }
    }

    /** Whether {@code failure} is this window's refusal of an id that is too old. */
    public static boolean isTooOld(Throwable failure) {
        return failure instanceof ApiException api && api.errorCode() == ErrorCode.EVENT_TOO_OLD;
    }

    private ApiException tooOld(String id) {
        return new ApiException(ErrorCode.EVENT_TOO_OLD, "Id " + id + " is older than the " + config.idempotencyWindow()
                + " window in which its first outcome is remembered; it is refused rather than risk applying it twice.");
    }

    /**
     * Seconds Redis keeps the idempotency record of a caller's id: the window, plus how late a
     * movement may still run (late-after). A replay accepted at the last moment (its id's time +
     * window − skew − margin, where that time may lie a skew after the first application) may run
     * late-after later: the record must outlive it, or the replay moves the tokens a second time.
     */
    public long recordTtlSeconds() {
        return Math.max(1, config.idempotencyWindow().plus(config.effectiveLateAfter()).toSeconds());
    }

    /**
     * Seconds Redis keeps the idempotency record of a movement under {@code id}: the window for a
     * caller's id, {@code wallet.suite-id-record-ttl} for one of the suite's own ids.
     */
    public long recordTtlSeconds(String id) {
        return SuiteIds.isSuiteId(id) ? Math.max(1, config.suiteIdRecordTtl().toSeconds()) : recordTtlSeconds();
    }
}
