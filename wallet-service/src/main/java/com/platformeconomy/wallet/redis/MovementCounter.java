package com.platformeconomy.wallet.redis;

import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import com.platformeconomy.wallet.ledger.TokenLedger;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Redis' movement counters ({@code pes:billing:seq}, one per bucket: redis/Keys), which number every
 * movement after all the ledger holds. The scripts refuse to move anything without it (common.lua {@code unnumbered}).
 * It is made once, on a fresh system; PostgreSQL remembers that it was ({@code movement_counter},
 * V8), so a Redis that lost its data later is never numbered from 0 again, even while the ledger
 * (behind Kafka) holds no movement yet: every movement answers 503 until an admin's rebuild sets
 * the counter from the ledger.
 */
@ApplicationScoped
public class MovementCounter {

    private static final Logger LOG = Logger.getLogger(MovementCounter.class);
    private static final String MADE = "SELECT count(*) AS made FROM movement_counter";
    private static final String RECORD = "INSERT INTO movement_counter (id, buckets) VALUES (1, $1) ON CONFLICT DO NOTHING";
    private static final String LAYOUT = "SELECT buckets FROM movement_counter";

    private final WalletRedis redis;
    private final Keys keys;
    private final Pool pool;
    private final TokenLedger ledger;

    public MovementCounter(WalletRedis redis, Keys keys, Pool pool, TokenLedger ledger) {
        this.redis = redis;
        this.keys = keys;
        this.pool = pool;
        this.ledger = ledger;
    }

    /**
     * A script found no counter. Succeeds when the counter exists now (made here on a fresh
     * system, or meanwhile by another replica), so the script is sent again; fails with 503 when
     * Redis lost it.
     */
    Uni<Void> makeIfFresh() {
        return existing().chain(existing -> existing == keys.count() ? Uni.createFrom().voidItem()
                : pool.query(MADE).execute().map(rows -> rows.iterator().next().getLong("made") > 0)
                        .chain(madeBefore -> madeBefore ? requireLayout().chain(() -> Uni.createFrom().failure(lost()))
                                : ledger.maxSeq().chain(booked -> booked != null && booked > 0
                                        ? record().chain(() -> Uni.createFrom().failure(lost()))
                                        : record().chain(this::requireLayout).chain(this::makeEveryBucket)
                                                .invoke(() -> LOG.infof("made the movement counters of a fresh system (%d buckets)", keys.count())))));
    }

    /**
     * Every bucket's counter, one stride before its first seq (0 with one bucket); one that exists is left as it is.
     * Made only after the record's count is read back as this wallet's: two wallets of a fresh system started
     * with different counts (a rollout) both find no record and both insert, one of them in vain; the
     * loser must not make counters in its own layout.
     */
    private Uni<Void> makeEveryBucket() {
        return keys.eachBucket(bucket -> redis.call(Command.SET, bucket.seq(), bucket.emptyCounter(), "NX"))
                .replaceWithVoid();
    }

    /** Remembers that the counters were made, and in how many buckets: from now on only a rebuild makes them again. */
    public Uni<Void> record() {
        return pool.preparedQuery(RECORD).execute(io.vertx.mutiny.sqlclient.Tuple.of(keys.count())).replaceWithVoid();
    }

    /**
     * Fails with 503 when this system's movements were numbered in another number of buckets than
     * {@code wallet.redis.buckets} says: its counters and wallets are then not where this wallet
     * looks, and a rebuild would write each account's ledger rows into buckets by seq, not by account
     * (wrong balances that reconciliation, comparing the same sums, would not report). The count is
     * fixed for a deployment's life; nothing moves, reconciles or rebuilds until it is set back.
     */
    public Uni<Void> requireLayout() {
        return pool.query(LAYOUT).execute().map(rows -> {
            if (rows.size() > 0) {
                int made = rows.iterator().next().getInteger("buckets");
                if (made != keys.count()) {
                    throw new ApiException(ErrorCode.SERVICE_UNAVAILABLE, "wallet.redis.buckets is " + keys.count()
                            + " but this system's movements are numbered in " + made + " bucket(s): start the wallet with "
                            + "wallet.redis.buckets=" + made + " (a new count needs Redis moved into the new layout, which "
                            + "nothing does yet). Nothing moves, reconciles or rebuilds meanwhile.");
                }
            }
            return null;
        });
    }

    /** How many buckets have their counter. */
    private Uni<Integer> existing() {
        return keys.eachBucket(bucket -> redis.call(Command.GET, bucket.seq()))
                .map(values -> (int) values.stream().filter(value -> value != null).count());
    }

    /**
     * A deployment from before V8 has the counter in Redis only: it is written down at start (V8 wrote
     * it already when the ledger held movements). Should this fail (Redis away at start), the next
     * start tries again: only a deployment whose ledger was still empty at V8 depends on it.
     */
    void writtenDownAtStart(@Observes StartupEvent started) {
        existing().chain(existing -> existing > 0 ? record() : Uni.createFrom().voidItem())
                .chain(this::requireLayout)
                .subscribe().with(done -> { }, failure -> LOG.errorf("movement counters at start: %s", failure.getMessage()));
    }

    static ApiException lost() {
        return new ApiException(ErrorCode.SERVICE_UNAVAILABLE, "Redis has lost its data (its movement counter): nothing "
                + "moves until an admin rebuilds the balances from the ledger (POST /v1/admin/reconciliation/rebuild).");
    }
}
