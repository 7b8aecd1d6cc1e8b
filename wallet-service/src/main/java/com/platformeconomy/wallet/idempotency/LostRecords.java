package com.platformeconomy.wallet.idempotency;

import com.platformeconomy.contracts.event.SuiteIds;
import com.platformeconomy.wallet.config.WalletConfig;
import com.platformeconomy.wallet.ledger.TokenLedger;
import com.platformeconomy.wallet.redis.IdClaims;
import com.platformeconomy.wallet.redis.Keys;
import com.platformeconomy.wallet.redis.WalletRedis;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stand-ins for the idempotency records a Redis data loss took (SPEC §10: a caller's id is accepted
 * only while the suite can still prove it unseen). A movement applied and booked before the loss,
 * whose caller never got the answer, may be retried inside its window after the rebuild; with its
 * record gone it would be applied again. So before a rebuild lets anything move, it writes, for
 * every caller's id the ledger booked within the window (and its skew and margin), a record that
 * only says "seen, first outcome lost" (never over a record Redis still has), and in a wallet of
 * several buckets the id's claim for its bucket. A request meeting one is answered as a retry past
 * its window: from the ledger where it holds that very movement (credits and debits: 200, its first
 * outcome), else 409 {@code event_too_old}. Nothing under such an id is applied again.
 */
@ApplicationScoped
public class LostRecords {

    /** The fingerprint of a stand-in: no request's fingerprint (those are hex digests) is ever this. */
    public static final String STAND_IN = "lost-with-redis";
    private static final int CHUNK = 1000;

    private final TokenLedger ledger;
    private final WalletRedis redis;
    private final Keys keys;
    private final IdClaims claims;
    private final WalletConfig config;

    public LostRecords(TokenLedger ledger, WalletRedis redis, Keys keys, IdClaims claims, WalletConfig config) {
        this.ledger = ledger;
        this.redis = redis;
        this.keys = keys;
        this.claims = claims;
        this.config = config;
    }

    /** Whether a record's stored fingerprint is a stand-in's. */
    public static boolean isStandIn(String storedFingerprint) {
        return STAND_IN.equals(storedFingerprint);
    }

    /**
     * How long after the rebuild a caller's id booked before it may still be accepted and run: the
     * window, its skew and margin, and how late a movement may run (late-after).
     */
    Duration exposure() {
        return config.idempotencyWindow().plus(config.clockSkew()).plus(config.replicaClockMargin())
                .plus(config.effectiveLateAfter());
    }

    /**
     * Writes the stand-ins (and claims) of every caller's id the ledger booked within the exposure,
     * read in one scan of the ledger; how many ids, by bucket index.
     */
    public Uni<Map<Integer, Integer>> standIn() {
        Duration exposure = exposure();
        long ttl = Math.max(1, exposure.toSeconds());
        return ledger.recentCallerIds(Instant.now().minus(exposure)).chain(byBucket -> {
            Map<Integer, Integer> counts = new LinkedHashMap<>();
            Uni<Void> all = Uni.createFrom().voidItem();
            for (Map.Entry<Keys.Bucket, List<String>> entry : byBucket.entrySet()) {
                List<String> ids = entry.getValue().stream().filter(SuiteIds::isCallerId).toList();
                counts.put(entry.getKey().index(), ids.size());
                all = all.chain(() -> standIn(entry.getKey(), ids, ttl));
            }
            return all.replaceWith(counts);
        });
    }

    /** The longest a hold lives ({@code HoldRequests}: 30 days): a put-back hold claim outlives any hold. */
    static final long HOLD_TTL_MAX_SECONDS = 30L * 24 * 3600;

    /**
     * Puts back the claim of every hold a bucket keeps (active, in its expiry index, or captured and in
     * flight, in its landing index) where a data loss took it: a hold's claim, in the bucket its id hashes to,
     * says where the hold is. Gone, a reservation under the id from another bucket within its window would be
     * granted the id, and every route naming the hold would find that one (the real one's holder could not
     * release it, the admin's capture would take the other). A claim that exists is left; one put back lasts
     * as long as any hold may (30 days) and the window after it. How many holds, by bucket index (a hold
     * the scan returned twice counted twice).
     */
    public Uni<Map<Integer, Integer>> holdClaims() {
        if (!claims.needed()) {
            return Uni.createFrom().item(Map.of());
        }
        long ttl = HOLD_TTL_MAX_SECONDS + Math.max(1, exposure().toSeconds());
        Map<Integer, Integer> counts = new LinkedHashMap<>();
        return Multi.createFrom().iterable(keys.all()).onItem().transformToUniAndConcatenate(bucket ->
                        holdClaims(bucket, bucket.holdExpiry(), "0", ttl)
                                .chain(active -> holdClaims(bucket, bucket.holdLanding(), "0", ttl).map(inFlight -> active + inFlight))
                                .invoke(n -> counts.put(bucket.index(), n)))
                .collect().last().replaceWith(counts);
    }

    /**
     * {@code index}'s holds from {@code cursor} on, by {@code ZSCAN} (which returns every member present for
     * the whole scan, however the index changes meanwhile: the sweeps of live buckets remove and re-score
     * holds, and a page by rank would skip some), their claims put back, then the next.
     */
    private Uni<Integer> holdClaims(Keys.Bucket bucket, String index, String cursor, long ttl) {
        return redis.call(Command.ZSCAN, index, cursor, "COUNT", CHUNK).chain(reply -> {
            String next = reply.get(0).toString();
            Response items = reply.get(1);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < items.size(); i += 2) { // member, score, member, score…
                ids.add(items.get(i).toString());
            }
            Uni<Void> written = putBackClaims(IdClaims.HOLD, ids, bucket, ttl);
            return "0".equals(next) ? written.replaceWith(ids.size())
                    : written.chain(() -> holdClaims(bucket, index, next, ttl)).map(more -> ids.size() + more);
        });
    }

    private Uni<Void> standIn(Keys.Bucket bucket, List<String> ids, long ttl) {
        List<List<String>> chunks = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += CHUNK) {
            chunks.add(ids.subList(i, Math.min(ids.size(), i + CHUNK)));
        }
        return Multi.createFrom().iterable(chunks).onItem().transformToUniAndConcatenate(chunk -> {
                    List<Request> sets = chunk.stream().map(id -> Request.cmd(Command.SET).arg(bucket.event(id))
                            .arg(STAND_IN + "\n").arg("NX").arg("EX").arg(ttl)).toList();
                    Uni<?> written = redis.batch(bucket.seq(), sets);
                    if (!claims.needed()) {
                        return written;
                    }
                    return written.chain(() -> putBackClaims(IdClaims.EVENT, chunk, bucket, ttl));
                })
                .collect().last().replaceWithVoid();
    }

    /** Puts back {@code ids}' claims (of {@code kind}) for {@code bucket}: each in the bucket its id hashes to, one pipeline per such bucket. */
    private Uni<Void> putBackClaims(String kind, List<String> ids, Keys.Bucket bucket, long ttl) {
        Map<Keys.Bucket, List<Request>> byHome = new LinkedHashMap<>();
        for (String id : ids) {
            byHome.computeIfAbsent(keys.of(id), home -> new ArrayList<>()).add(claims.putBack(kind, id, bucket, ttl));
        }
        return Multi.createFrom().iterable(byHome.entrySet())
                .onItem().transformToUniAndConcatenate(home -> redis.batch(home.getKey().seq(), home.getValue()))
                .collect().last().replaceWithVoid();
    }
}
