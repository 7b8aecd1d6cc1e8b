package com.platformeconomy.revenue.stream;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.List;

/**
 * Adds events to the daily roll-ups, once per event id: one statement inserts the ids into
 * {@code processed_event} (ON CONFLICT DO NOTHING) and increments the roll-ups by the events
 * actually inserted, so a replay, in another batch or in the same one, changes nothing.
 * <p>
 * Gross (api, ad) of a period that was already distributed is also added to the 'late' carry, so
 * the next distribution pays it out instead of it being lost. The shared advisory lock orders this
 * against a distribution (which takes it exclusively): an event is either in the period's gross
 * the distribution reads, or sees the period distributed and is carried.
 */
@ApplicationScoped
public class RollupWriter {

    /** The advisory lock key distributions take exclusively and roll-up writers share. */
    public static final long DISTRIBUTION_LOCK = 0x5245564449535452L; // "REVDISTR"

    private static final String SHARE_LOCK = "SELECT pg_advisory_xact_lock_shared($1)";

    private static final String RECORD = """
            WITH ev AS (
                SELECT DISTINCT ON (event_id) event_id, day, stream, amount
                FROM unnest($1::varchar[], $2::date[], $3::varchar[], $4::bigint[]) AS t(event_id, day, stream, amount)
                ORDER BY event_id),
            ins AS (
                INSERT INTO processed_event (event_id) SELECT event_id FROM ev
                ON CONFLICT (event_id) DO NOTHING RETURNING event_id),
            fresh AS (
                SELECT ev.* FROM ev JOIN ins USING (event_id)),
            up AS (
                INSERT INTO revenue_rollup (day, stream, amount, events)
                SELECT day, stream, sum(amount), count(*) FROM fresh GROUP BY day, stream
                ON CONFLICT (day, stream) DO UPDATE
                SET amount = revenue_rollup.amount + EXCLUDED.amount, events = revenue_rollup.events + EXCLUDED.events
                RETURNING 1)
            UPDATE distribution_carry SET amount = amount + COALESCE((
                SELECT sum(f.amount) FROM fresh f
                WHERE f.stream IN ('api', 'ad') AND EXISTS (
                    SELECT 1 FROM distribution_period d WHERE f.day >= d.period_start AND f.day < d.period_end)), 0)
            WHERE pool = 'late'
            RETURNING (SELECT count(*) FROM fresh) AS counted""";

    private final Pool pool;

    public RollupWriter(Pool pool) {
        this.pool = pool;
    }

    /** Counts the entries not seen before, in one transaction; the number counted. */
    public Uni<Long> record(List<StreamEntry> entries) {
        if (entries.isEmpty()) {
            return Uni.createFrom().item(0L);
        }
        return pool.withTransaction(connection -> record(connection, entries));
    }

    /** The same, inside a caller's transaction (a distribution recording its infrastructure payments). */
    public static Uni<Long> record(SqlConnection connection, List<StreamEntry> entries) {
        if (entries.isEmpty()) {
            return Uni.createFrom().item(0L);
        }
        String[] ids = new String[entries.size()];
        LocalDate[] days = new LocalDate[entries.size()];
        String[] streams = new String[entries.size()];
        Long[] amounts = new Long[entries.size()];
        for (int i = 0; i < entries.size(); i++) {
            StreamEntry entry = entries.get(i);
            ids[i] = entry.eventId();
            days[i] = entry.day();
            streams[i] = entry.stream().column;
            amounts[i] = entry.amount();
        }
        return connection.preparedQuery(SHARE_LOCK).execute(Tuple.of(DISTRIBUTION_LOCK))
                .chain(() -> connection.preparedQuery(RECORD).execute(Tuple.of(ids, days, streams, amounts)))
                .map(rows -> rows.iterator().next().getLong("counted"));
    }
}
