package com.platformeconomy.wallet.redis;

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
 * from the ledger. Two ways to see it: the counter is below a seq the ledger has booked (the checks
 * at start and every 5 minutes), or the ledger is handed a seq it holds for another movement (as it
 * books, within the relay's delay of the first movement numbered again, before the counter has moved
 * past the ledger's again). {@code wallet.reconciliation.redis.behind} counts the buckets stopped.
 */
@ApplicationScoped
@io.quarkus.runtime.Startup // its counter is exported from the start
public class BucketStops {

    private static final Logger LOG = Logger.getLogger(BucketStops.class);

    private final LuaScripts scripts;
    private final Keys keys;
    private final Counter stopped;

    public BucketStops(LuaScripts scripts, Keys keys, MeterRegistry registry) {
        this.scripts = scripts;
        this.keys = keys;
        this.stopped = Counter.builder("wallet.reconciliation.redis.behind")
                .description("Redis buckets stopped: their counter was below a seq the ledger booked, or numbered one again")
                .register(registry);
    }

    /**
     * Stops {@code bucket} if its counter is below {@code booked}, the highest seq of the bucket the
     * ledger has booked, read before this call (a sound counter is never below a seq booked before it
     * was read). Whether it was stopped.
     */
    public Uni<Boolean> stopIfBehind(Keys.Bucket bucket, long booked) {
        return scripts.run(Script.STOP_BEHIND_COUNTER, List.of(bucket.seq()), List.of(Long.toString(booked), "0"))
                .map(removed -> removed.toLong() >= 0 && stopped(bucket, "its movement counter was " + removed.toLong()
                        + ", below seq " + booked + " the ledger has booked"));
    }

    /**
     * Stops the buckets of {@code seqs}, seqs the ledger holds for one movement and was handed for
     * another: their counter handed them out again, whatever its value now. The indexes of the buckets
     * stopped (one whose counter is already removed is not stopped again).
     */
    public Uni<List<Integer>> stopNumberedTwice(Collection<Long> seqs) {
        TreeMap<Integer, Long> firstByBucket = new TreeMap<>();
        seqs.forEach(seq -> firstByBucket.merge(keys.ofSeq(seq).index(), seq, Math::min));
        return Multi.createFrom().iterable(firstByBucket.entrySet()).onItem().transformToUniAndConcatenate(first -> {
            Keys.Bucket bucket = keys.ofSeq(first.getValue());
            return scripts.run(Script.STOP_BEHIND_COUNTER, List.of(bucket.seq()), List.of("0", "1"))
                    .map(removed -> removed.toLong() >= 0 && stopped(bucket, "its movement counter (" + removed.toLong()
                            + ") numbered seq " + first.getValue() + " again, which the ledger holds for another movement")
                            ? bucket.index() : -1);
        }).filter(index -> index >= 0).collect().asList();
    }

    private boolean stopped(Keys.Bucket bucket, String why) {
        stopped.increment();
        LOG.errorf("Redis bucket %d went back in time: %s. Its counter is removed: nothing moves in it until an admin "
                + "rebuilds the balances from the ledger (POST /v1/admin/reconciliation/rebuild).", bucket.index(), why);
        return true;
    }
}
