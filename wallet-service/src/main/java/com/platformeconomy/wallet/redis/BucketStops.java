package com.platformeconomy.wallet.redis;

import com.platformeconomy.wallet.ledger.TokenLedger;
import com.platformeconomy.wallet.redis.LuaScripts.Script;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * Stops a bucket whose Redis went back in time (restored from an older volume, a crash inside AOF's
 * fsync second, a failover to a replica that had not received the last writes): its counter is
 * removed ({@code stop_behind_counter.lua}), as when Redis loses its data ({@link MovementCounter}),
 * so every movement of the bucket is refused 503 until an admin's rebuild sets balances and counter
 * from the ledger: when the counter is below a seq the ledger has booked, as the checks at start and
 * every 5 minutes find, and as the ledger finds at once when it is handed a seq it holds for another
 * movement ({@link #checkNumberedTwice}). {@code wallet.reconciliation.redis.behind} counts the buckets stopped.
 */
@ApplicationScoped
@io.quarkus.runtime.Startup // its counter is exported from the start
public class BucketStops {

    private static final Logger LOG = Logger.getLogger(BucketStops.class);

    private final LuaScripts scripts;
    private final Keys keys;
    private final TokenLedger ledger;
    private final Counter stopped;

    public BucketStops(LuaScripts scripts, Keys keys, TokenLedger ledger, MeterRegistry registry) {
        this.scripts = scripts;
        this.keys = keys;
        this.ledger = ledger;
        this.stopped = Counter.builder("wallet.reconciliation.redis.behind")
                .description("Redis buckets stopped: their counter was below a seq the ledger booked")
                .register(registry);
    }

    /**
     * Stops {@code bucket} if its counter is below the highest seq of the bucket the ledger has booked,
     * read first (a sound counter is never below a seq booked before it was read). Whether it was stopped.
     */
    public Uni<Boolean> stopIfBehindTheLedger(Keys.Bucket bucket) {
        return ledger.maxSeq(bucket).chain(booked -> scripts.run(Script.STOP_BEHIND_COUNTER, List.of(bucket.seq()), List.of(Long.toString(booked)))
                .map(removed -> removed.toLong() >= 0 && stopped(bucket, "its movement counter was " + removed.toLong()
                        + ", below seq " + booked + " the ledger has booked")));
    }

    /**
     * The buckets whose counter numbered {@code seqs}, seqs the ledger holds for one movement and was
     * handed for another, each held against the ledger's highest seq at once ({@link #stopIfBehindTheLedger}),
     * not at the next check: a Redis that went back in time is stopped within the relay's delay of the
     * first movement it numbers again, while its counter is still below what the ledger booked. A seq
     * alone does not stop a bucket: a billing event the wallet's relay did not write (anyone holding
     * its Kafka credential, a test's own) would then stop every movement of it. The indexes of the
     * buckets stopped.
     */
    public Uni<List<Integer>> checkNumberedTwice(Collection<Long> seqs) {
        TreeMap<Integer, Long> firstByBucket = new TreeMap<>();
        seqs.forEach(seq -> firstByBucket.merge(keys.ofSeq(seq).index(), seq, Math::min));
        return Multi.createFrom().iterable(firstByBucket.entrySet()).onItem().transformToUniAndConcatenate(first -> {
            Keys.Bucket bucket = keys.ofSeq(first.getValue());
            LOG.warnf("the ledger was handed seq %d of Redis bucket %d for a movement while it holds it for another: "
                    + "the bucket's counter is held against the ledger now", first.getValue(), bucket.index());
            return stopIfBehindTheLedger(bucket).map(stopped -> stopped ? bucket.index() : -1);
        }).filter(index -> index >= 0).collect().asList();
    }

    private boolean stopped(Keys.Bucket bucket, String why) {
        stopped.increment();
        LOG.errorf("Redis bucket %d went back in time: %s. Its counter is removed: nothing moves in it until an admin "
                + "rebuilds the balances from the ledger (POST /v1/admin/reconciliation/rebuild).", bucket.index(), why);
        return true;
    }
}
