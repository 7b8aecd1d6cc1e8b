package com.platformeconomy.wallet.ledger;

import com.platformeconomy.wallet.redis.Keys;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The {@code token_ledger} table, over the reactive PostgreSQL pool. */
@ApplicationScoped
public class TokenLedger {

    // One statement for a whole batch whatever its size (arrays, not one placeholder per value),
    // so PostgreSQL prepares it once; a replayed event hits the unique key and inserts nothing. Only
    // a count comes back: returning the inserted keys cost PostgreSQL a row and the wallet a decoded
    // row on an event loop per ledger row, and a key does not tell which of two movements under one
    // id in the same batch was the one inserted. The same statement names the seqs of the movements
    // it booked that the ledger held, before it or twice in it, for another movement (another event
    // id): a Redis that went back in time numbers movements again (BucketStops). A movement not booked
    // (its id held) is not one: the consumer parks it. One probe of token_ledger_seq per movement
    // booked (its paying side; the outer query sees the table as it was before the insert).
    private static final String INSERT = """
            WITH inserted AS (
                INSERT INTO token_ledger (event_id, seq, side, account, amount, counter_account, kind, category, created_at, actor)
                SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::bigint[], $6::text[],
                                     $7::text[], $8::text[], $9::timestamptz[], $10::text[])
                ON CONFLICT (event_id, side) DO NOTHING
                RETURNING event_id, seq, side)
            SELECT (SELECT count(*) FROM inserted) AS inserted,
                   ARRAY(SELECT i.seq FROM inserted i WHERE i.side = 'from'
                             AND EXISTS (SELECT 1 FROM token_ledger t WHERE t.seq = i.seq AND t.event_id <> i.event_id)
                         UNION
                         SELECT seq FROM inserted WHERE side = 'from' GROUP BY seq HAVING count(*) > 1) AS numbered_twice""";
    // The rows the ledger holds for events whose insert met the unique key: a redelivery of the
    // same movement, or another movement under an id the ledger already holds.
    private static final String BOOKED = """
            SELECT event_id, seq, side, account, amount, counter_account, kind
            FROM token_ledger WHERE event_id = ANY($1::text[])""";
    // A movement is accounted for once it is booked or parked (its id held by another movement).
    // Each query about "up to seq" is about one Redis bucket's movements: $2 its first seq, $3 its
    // stride (redis/Keys: bucket b numbers b+1, b+1+N, ...); with one bucket, 1 and 1: every seq.
    private static final String BOOKED_UP_TO = """
            SELECT count(*) AS booked FROM (
                SELECT seq FROM token_ledger WHERE seq BETWEEN $2 AND $1 AND (seq - $2) % $3 = 0
                UNION SELECT seq FROM parked_event WHERE source = 'ledger' AND seq BETWEEN $2 AND $1 AND (seq - $2) % $3 = 0) accounted""";
    private static final String MISSING_UP_TO = """
            SELECT s AS seq FROM generate_series(greatest($2, $1 - 100000 * $3), $1, $3) s
            WHERE NOT EXISTS (SELECT 1 FROM token_ledger WHERE seq = s)
              AND NOT EXISTS (SELECT 1 FROM parked_event WHERE source = 'ledger' AND seq = s)
            ORDER BY s LIMIT 20""";
    private static final String BALANCES_UP_TO = """
            SELECT account, sum(amount)::bigint AS balance FROM token_ledger
            WHERE seq <= $1 AND (seq - $2) % $3 = 0 GROUP BY account""";
    // The balance of an account right after a booked movement: the first outcome of a movement
    // whose idempotency record Redis has forgotten (index-only on token_ledger_account). It counts
    // the movement's bucket only ($8 the stride): what Redis answered was that bucket's wallet (for a
    // system account, its sub-account there).
    private static final String BALANCE_AFTER = """
            WITH m AS (SELECT seq FROM token_ledger
                       WHERE event_id = $1 AND side = $2 AND account = $3 AND amount = $4
                         AND counter_account = $5 AND kind = $6 AND category IS NOT DISTINCT FROM $7)
            SELECT (SELECT sum(t.amount) FROM token_ledger t
                    WHERE t.account = $3 AND t.seq <= m.seq AND (m.seq - t.seq) % $8 = 0)::bigint AS balance
            FROM m""";
    // A hold's capture through escrow is two movements (HoldService): pes/hold/<id>/capture (payer to
    // escrow) and pes/hold/<id>/landing (escrow to payee); no other movement touches escrow. One leg
    // booked long ago (recorded_at: when the ledger wrote it, so a relay's backlog is not counted)
    // without the other of the same amount is tokens stranded in escrow, or credited without a capture. Newest first: an
    // old one that nobody can book any more does not hide those that come after it.
    private static final String UNMATCHED_ESCROW_LEGS = """
            SELECT e.event_id, e.amount, e.seq, e.created_at::text AS at FROM token_ledger e
            WHERE e.account = 'escrow' AND e.event_id LIKE 'pes/hold/%'
              AND e.recorded_at < now() - make_interval(secs => $1)
              AND NOT EXISTS (SELECT 1 FROM token_ledger o WHERE o.account = 'escrow' AND o.amount = -e.amount AND o.event_id =
                  left(e.event_id, -8) || CASE WHEN e.event_id LIKE '%/capture' THEN '/landing' ELSE '/capture' END)
            ORDER BY e.recorded_at DESC LIMIT 100""";
    // The ids and seqs of the movements Redis applied after $1 (created_at: Redis' time, compared
    // with a cutoff from the wallet's clock, which RedisClock holds to Redis'), but not the suite's
    // own (pes/…): the callers' ids whose records a data loss takes. One scan for every bucket.
    private static final String RECENT_CALLER_IDS = """
            SELECT DISTINCT event_id, seq FROM token_ledger WHERE created_at > $1 AND event_id NOT LIKE 'pes/%'""";
    private static final String MAX_SEQ = "SELECT coalesce(max(seq), 0) AS max_seq FROM token_ledger";
    private static final String MAX_SEQ_OF = "SELECT coalesce(max(seq), 0) AS max_seq FROM token_ledger WHERE (seq - $1) % $2 = 0";

    private final Pool pool;
    private final Keys keys;

    public TokenLedger(Pool pool, Keys keys) {
        this.pool = pool;
        this.keys = keys;
    }

    /**
     * What one insert did: how many rows it inserted (a row whose key the ledger holds inserts
     * nothing), and the seqs of the movements it booked that the ledger holds for other movements
     * too (before it, or twice in it), which a sound Redis never hands out.
     */
    public record Insert(int inserted, List<Long> numberedTwice) {
    }

    /**
     * Books {@code rows} in one statement, in a transaction that commits once {@code beforeCommit}
     * (given what the insert did) succeeds: should it fail, nothing is booked, and a retry inserts and
     * names the same seqs again (once committed, a redelivery inserts nothing and names none, as a
     * replay of history must not).
     */
    public Uni<Insert> insert(List<LedgerRow> rows, java.util.function.Function<Insert, Uni<Void>> beforeCommit) {
        if (rows.isEmpty()) {
            return Uni.createFrom().item(new Insert(0, List.of()));
        }
        int n = rows.size();
        String[] eventIds = new String[n];
        Long[] seqs = new Long[n];
        String[] sides = new String[n];
        String[] accounts = new String[n];
        Long[] amounts = new Long[n];
        String[] counterAccounts = new String[n];
        String[] kinds = new String[n];
        String[] categories = new String[n];
        OffsetDateTime[] times = new OffsetDateTime[n];
        String[] actors = new String[n];
        for (int i = 0; i < n; i++) {
            LedgerRow row = rows.get(i);
            eventIds[i] = row.eventId();
            seqs[i] = row.seq();
            sides[i] = row.side();
            accounts[i] = row.account();
            amounts[i] = row.amount();
            counterAccounts[i] = row.counterAccount();
            kinds[i] = row.kind();
            categories[i] = row.category();
            times[i] = row.createdAt().atOffset(ZoneOffset.UTC);
            actors[i] = row.actor();
        }
        Tuple params = Tuple.from(List.<Object>of(eventIds, seqs, sides, accounts, amounts, counterAccounts, kinds,
                categories, times, actors));
        return pool.withTransaction(connection -> connection.preparedQuery(INSERT).execute(params).map(result -> {
            Row row = result.iterator().next();
            return new Insert(row.getLong("inserted").intValue(), List.of(row.getArrayOfLongs("numbered_twice")));
        }).call(insert -> beforeCommit.apply(insert)));
    }

    public static String key(String eventId, String side) {
        return eventId + "\u0000" + side;
    }

    /** The receiving side the ledger holds for {@code eventId}, or null: whether a credit under that id was booked. */
    public Uni<LedgerRow> receivingSide(String eventId) {
        return booked(List.of(eventId)).map(rows -> rows.get(key(eventId, LedgerRow.TO)));
    }

    /** What the ledger holds for {@code eventIds}, by {@link #key}. */
    public Uni<Map<String, LedgerRow>> booked(Collection<String> eventIds) {
        return pool.preparedQuery(BOOKED).execute(Tuple.of(eventIds.toArray(new String[0]))).map(rows -> {
            Map<String, LedgerRow> out = new HashMap<>();
            for (Row r : rows) {
                out.put(key(r.getString("event_id"), r.getString("side")), new LedgerRow(r.getString("event_id"),
                        r.getLong("seq"), r.getString("side"), r.getString("account"), r.getLong("amount"),
                        r.getString("counter_account"), r.getString("kind"), null, null));
            }
            return out;
        });
    }

    /**
     * The bucket's first movements numbered up to {@code seq} that are neither booked nor parked (at
     * most 20, within its last 100,000).
     */
    public Uni<List<Long>> missingUpTo(Keys.Bucket bucket, long seq) {
        return pool.preparedQuery(MISSING_UP_TO).execute(Tuple.of(seq, bucket.firstSeq(), (long) bucket.buckets())).map(rows -> {
            List<Long> out = new ArrayList<>();
            rows.forEach(r -> out.add(r.getLong("seq")));
            return out;
        });
    }

    /**
     * How many distinct movements of the bucket numbered up to {@code seq} are booked or parked;
     * {@link Keys.Bucket#movementsUpTo} when none is missing.
     */
    public Uni<Long> bookedUpTo(Keys.Bucket bucket, long seq) {
        return pool.preparedQuery(BOOKED_UP_TO).execute(Tuple.of(seq, bucket.firstSeq(), (long) bucket.buckets()))
                .map(rows -> rows.iterator().next().getLong("booked"));
    }

    /**
     * Every account's ledger balance counting the bucket's movements numbered up to {@code seq}: for a
     * system account, its sub-account in that bucket.
     */
    public Uni<Map<String, Long>> balancesUpTo(Keys.Bucket bucket, long seq) {
        return pool.preparedQuery(BALANCES_UP_TO).execute(Tuple.of(seq, bucket.firstSeq(), (long) bucket.buckets())).map(rows -> {
            Map<String, Long> balances = new HashMap<>();
            for (Row row : rows) {
                balances.put(row.getString("account"), row.getLong("balance"));
            }
            return balances;
        });
    }

    /** Up to 100 legs of captures through escrow booked over {@code grace} ago without their other leg, newest first. */
    public Uni<List<EscrowLeg>> unmatchedEscrowLegs(Duration grace) {
        return pool.preparedQuery(UNMATCHED_ESCROW_LEGS).execute(Tuple.of(grace.toMillis() / 1000.0)).map(rows -> {
            List<EscrowLeg> legs = new ArrayList<>();
            for (Row row : rows) {
                String eventId = row.getString("event_id");
                legs.add(new EscrowLeg(eventId, eventId.endsWith("/capture") ? "capture" : "landing",
                        Math.abs(row.getLong("amount")), row.getLong("seq"), row.getString("at")));
            }
            return legs;
        });
    }

    /**
     * If the ledger holds exactly this movement under {@code eventId} (on {@code row}'s side), the
     * balance of {@code row.account()} right after it; empty if it holds nothing or another movement.
     */
    public Uni<java.util.Optional<Long>> balanceAfter(LedgerRow row) {
        return pool.preparedQuery(BALANCE_AFTER)
                .execute(Tuple.from(java.util.Arrays.<Object>asList(row.eventId(), row.side(), row.account(), row.amount(),
                        row.counterAccount(), row.kind(), row.category(), (long) keys.count())))
                .map(rows -> rows.size() == 0 ? java.util.Optional.<Long>empty()
                        : java.util.Optional.of(rows.iterator().next().getLong("balance")));
    }

    /** The callers' ids of the movements Redis applied after {@code since}, by the bucket whose seq they carry. */
    public Uni<Map<Keys.Bucket, List<String>>> recentCallerIds(java.time.Instant since) {
        return pool.preparedQuery(RECENT_CALLER_IDS).execute(Tuple.of(OffsetDateTime.ofInstant(since, ZoneOffset.UTC)))
                .map(rows -> {
                    Map<Keys.Bucket, List<String>> ids = new java.util.LinkedHashMap<>();
                    for (Row row : rows) {
                        ids.computeIfAbsent(keys.ofSeq(row.getLong("seq")), bucket -> new ArrayList<>()).add(row.getString("event_id"));
                    }
                    return ids;
                });
    }

    /** The highest seq booked, 0 for an empty ledger. */
    public Uni<Long> maxSeq() {
        return pool.query(MAX_SEQ).execute().map(rows -> rows.iterator().next().getLong("max_seq"));
    }

    /** The highest seq of the bucket booked, 0 when none is. */
    public Uni<Long> maxSeq(Keys.Bucket bucket) {
        return pool.preparedQuery(MAX_SEQ_OF).execute(Tuple.of(bucket.firstSeq(), (long) bucket.buckets()))
                .map(rows -> rows.iterator().next().getLong("max_seq"));
    }
}
