package com.platformeconomy.wallet.redis;

import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.wallet.redis.LuaScripts.Invocation;
import com.platformeconomy.wallet.redis.LuaScripts.Script;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One bucket per id, where the wallets are split over several (redis/Keys; docs/scaling.md, step 5).
 *
 * <p>An idempotency record lives in its account's bucket, so the same event or hold id used for
 * accounts of two buckets would be seen by neither record: both movements would run, and the ledger
 * (one movement per event id) would book one and park the other. So before a movement or a hold runs
 * in a bucket, its id is claimed for that bucket ({@code claim.lua}, in the bucket the id itself
 * hashes to, where every bucket's claim meets); an id another bucket holds is refused as reused, as
 * one bucket's record refuses it. A hold's claim also says where the hold is, for the routes that
 * name only its id. With one bucket nothing is claimed: the record itself is the claim.
 */
@ApplicationScoped
public class IdClaims {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(IdClaims.class);

    /** Kept this much longer than the record it stands for, so it never lapses before the record. */
    static final long MARGIN_SECONDS = 3600;
    /** The kinds of ids, each claimed apart (as the window admits them apart): an event id's claim never stands for a hold's. */
    public static final String EVENT = "event";
    public static final String HOLD = "hold";

    private final Keys keys;
    private final Answered answered;
    private final LuaScripts scripts;
    private final WalletRedis redis;

    public IdClaims(Keys keys, LuaScripts scripts, WalletRedis redis, Answered answered) {
        this.answered = answered;
        this.keys = keys;
        this.scripts = scripts;
        this.redis = redis;
    }

    /** Whether ids are claimed at all: only with more than one bucket. */
    public boolean needed() {
        return keys.count() > 1;
    }

    /** The claim of {@code id} (of {@code kind}) for {@code bucket}, for as long as a record of {@code ttlSeconds} lives; to run or pipeline. */
    public Invocation claim(String kind, String id, Keys.Bucket bucket, long ttlSeconds) {
        Keys.Bucket home = keys.of(id);
        return new Invocation(Script.CLAIM, List.of(home.claim(kind, id), home.seq()),
                List.of(Integer.toString(bucket.index()), Long.toString(ttlSeconds + MARGIN_SECONDS)));
    }

    /**
     * The claim of {@code id} for {@code bucket} as a plain {@code SET NX}, to send to the node of
     * {@code keys.of(id)}: for a rebuild putting back claims a data loss took, before any counter
     * exists again (claim.lua claims nothing in a bucket without its counter). A claim that exists is left.
     */
    public Request putBack(String kind, String id, Keys.Bucket bucket, long ttlSeconds) {
        return Request.cmd(Command.SET).arg(keys.of(id).claim(kind, id)).arg(Integer.toString(bucket.index()))
                .arg("NX").arg("EX").arg(ttlSeconds + MARGIN_SECONDS);
    }

    /** Whether a claim's reply says the id is {@code bucket}'s. */
    public static boolean granted(Response reply, Keys.Bucket bucket) {
        return reply != null && reply.toString().equals(Integer.toString(bucket.index()));
    }

    /** Claims {@code id} (of {@code kind}) for {@code bucket}; fails with {@code refusal} when another bucket holds it. */
    public Uni<Void> claim(String kind, String id, Keys.Bucket bucket, long ttlSeconds, Supplier<ApiException> refusal) {
        if (!needed()) {
            return Uni.createFrom().voidItem();
        }
        Invocation claim = claim(kind, id, bucket, ttlSeconds);
        return scripts.run(claim.script(), claim.keys(), claim.args()).map(reply -> {
            if (!granted(reply, bucket)) {
                throw refusal.get();
            }
            return null;
        });
    }

    /**
     * Cuts the claim of {@code id} back to the life of a record of {@code recordTtlSeconds} from now
     * (and the margin), never lengthening it ({@code cut_back_claim.lua}): a hold's claim is made for its
     * whole ttl and then its record, and a refused reservation or an ended hold keeps only its record.
     * Kept for the full ttl, refused holds of 30 days, free to make, would fill Redis. Called only by
     * the bucket the claim is for, after its script answered; a failure only leaves the claim longer,
     * as it was, so it is logged and passed over.
     */
    public Uni<Void> cutBack(String kind, String id, long recordTtlSeconds) {
        if (!needed()) {
            return Uni.createFrom().voidItem();
        }
        return scripts.run(Script.CUT_BACK_CLAIM, List.of(keys.of(id).claim(kind, id)),
                        List.of(Long.toString(recordTtlSeconds + MARGIN_SECONDS)))
                .replaceWithVoid()
                .onFailure().recoverWithItem(failure -> {
                    LOG.debugf("the claim of %s %s was not cut back (it lapses later): %s", kind, id, failure.getMessage());
                    return null;
                });
    }

    /** The bucket that claimed {@code id} (of {@code kind}); empty when none did (or its claim lapsed). */
    public Uni<Optional<Keys.Bucket>> holder(String kind, String id) {
        return answered.within(redis.call(Command.GET, keys.of(id).claim(kind, id))).map(reply -> {
            if (reply == null) {
                return Optional.empty();
            }
            int index = Integer.parseInt(reply.toString());
            return index >= 0 && index < keys.count() ? Optional.of(keys.bucket(index)) : Optional.empty();
        });
    }
}
