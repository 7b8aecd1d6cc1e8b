package com.platformeconomy.wallet.redis;

import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every Redis key wallet-service uses, by bucket. Scripts receive them in KEYS, never build them (but
 * for the wallet prefix that reconciliation's snapshot and rebuild append account ids to).
 *
 * <p>The wallets are split into {@code wallet.redis.buckets} buckets (docs/scaling.md, "Spreading the
 * wallets"): an owner's account belongs to bucket CRC16(account) mod N, and every key a script
 * touches is a key of one bucket, so that on a Redis Cluster all of them share one hash slot. Each
 * bucket has its own billing stream and movement counter; the counter numbers the bucket's
 * movements {@code b+1, b+1+N, b+1+2N, …} ({@link Bucket#stride()}), so a movement's seq names its
 * bucket ({@code (seq - 1) mod N}) and seqs never repeat across buckets.
 *
 * <p>With one bucket (the default) the keys are what they always were: {@code pes:…} on one Redis
 * node, {@code pes:{w}:…} on a Redis Cluster ({@code quarkus.redis.client-type=cluster}), where that
 * one hash tag keeps every script's keys in one slot, on one master with a replica that takes over
 * when it fails. With more, bucket {@code i}'s keys are {@code pes:{b<i>}:…}, and the buckets'
 * tags spread over the cluster's masters.
 */
@Singleton
public class Keys {

    /** The prefix of the one bucket on one node. */
    public static final String STANDALONE = "pes:";
    /** The prefix of the one bucket on a Redis Cluster: one hash tag, so every key is in one slot. */
    public static final String CLUSTER = "pes:{w}:";
    /** The most buckets: a bucket is a whole hash slot at most. */
    public static final int MAX_BUCKETS = 16384;

    private final List<Bucket> buckets;

    @Inject
    public Keys(@ConfigProperty(name = "quarkus.redis.client-type", defaultValue = "standalone") String clientType,
                @ConfigProperty(name = "wallet.redis.buckets", defaultValue = "1") int count) {
        if (count < 1 || count > MAX_BUCKETS) {
            throw new IllegalArgumentException("wallet.redis.buckets must be 1 to " + MAX_BUCKETS + ", not " + count);
        }
        List<Bucket> all = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String prefix = count > 1 ? "pes:{b" + i + "}:" : clientType.equalsIgnoreCase("cluster") ? CLUSTER : STANDALONE;
            all.add(new Bucket(i, count, prefix));
        }
        this.buckets = List.copyOf(all);
    }

    /** How many buckets the wallets are split into. */
    public int count() {
        return buckets.size();
    }

    /** Every bucket, in order. */
    public List<Bucket> all() {
        return buckets;
    }

    public Bucket bucket(int index) {
        return buckets.get(index);
    }

    /** {@code ask} of every bucket at once; the answers in bucket order, a failure if any failed. */
    public <T> Uni<List<T>> eachBucket(Function<Bucket, Uni<T>> ask) {
        return Uni.join().all(buckets.stream().map(ask).toList()).andFailFast();
    }

    /** The bucket that holds an account's keys: CRC16 of its id, as Redis Cluster hashes, mod the count. */
    public Bucket of(String account) {
        return buckets.size() == 1 ? buckets.get(0) : buckets.get(crc16(account) % buckets.size());
    }

    /** The bucket that numbered a movement. */
    public Bucket ofSeq(long seq) {
        return buckets.get((int) Math.floorMod(seq - 1, (long) buckets.size()));
    }

    /**
     * The Redis Cluster hash slot of a key: CRC16 of its hash tag ({@link LuaScripts#hashTag}), or of
     * the whole key when it has none, mod 16384, as Redis computes it ({@code CLUSTER KEYSLOT}).
     */
    public static int slot(String key) {
        String tag = LuaScripts.hashTag(key);
        return crc16(tag.isEmpty() ? key : tag) & (MAX_BUCKETS - 1);
    }

    /** CRC16/XMODEM of the id's UTF-8 bytes, the hash Redis Cluster places keys by. */
    static int crc16(String id) {
        int crc = 0;
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            crc ^= (b & 0xff) << 8;
            for (int i = 0; i < 8; i++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            crc &= 0xffff;
        }
        return crc;
    }

    /** The keys of one bucket. */
    public static final class Bucket {

        private final int index;
        private final int stride;
        private final String prefix;

        Bucket(int index, int stride, String prefix) {
            this.index = index;
            this.stride = stride;
            this.prefix = prefix;
        }

        public int index() {
            return index;
        }

        /**
         * How far apart this bucket's seqs are: the number of buckets. The scripts add it to the
         * counter (INCRBY), so the bucket numbers {@link #firstSeq()}, {@code firstSeq + stride}, …
         */
        public String stride() {
            return Integer.toString(stride);
        }

        /** How many buckets there are: the stride between this bucket's seqs. */
        public int buckets() {
            return stride;
        }

        /** How many seqs this bucket gave up to {@code seq}: as many movements as the ledger books of it then. */
        public long movementsUpTo(long seq) {
            return seq < firstSeq() ? 0 : (seq - firstSeq()) / stride + 1;
        }

        /** The first seq this bucket gives a movement: {@code index + 1}. */
        public long firstSeq() {
            return index + 1;
        }

        /** What a fresh bucket's counter is made with: one stride before its first seq (0 with one bucket). */
        public long emptyCounter() {
            return firstSeq() - stride;
        }

        /** Whether a movement's seq is one this bucket gave. */
        public boolean numbered(long seq) {
            return seq > 0 && Math.floorMod(seq - 1, (long) stride) == index;
        }

        public String prefix() {
            return prefix;
        }

        /** The billing stream every movement of tokens is appended to; the relay publishes it to Kafka. */
        public String billingStream() {
            return prefix + "billing";
        }

        /** Where the relay sets aside entries that cannot be turned into an event (with their original id), for a person to look at. */
        public String rejectedStream() {
            return prefix + "billing:rejected";
        }

        /** What the relay writes before publishing, so that it publishes only entries a replica holds (relay_mark.lua). */
        public String relayMark() {
            return prefix + "billing:relay-mark";
        }

        /** Numbers every movement of tokens, in the order Redis applied them. */
        public String seq() {
            return prefix + "billing:seq";
        }

        /** Every account that ever held a balance, for reconciliation. */
        public String accounts() {
            return prefix + "accounts";
        }

        /** Active holds by expiry time (ms). */
        public String holdExpiry() {
            return prefix + "holds:expiry";
        }

        /** Captures whose payee's leg has not landed yet (a payee in another bucket), by capture time (ms). */
        public String holdLanding() {
            return prefix + "holds:landing";
        }

        /** Count and total of active holds: {@code count}, {@code total}. */
        public String holdStats() {
            return prefix + "holds:stats";
        }

        /** A hash: {@code balance} and {@code held}, in tokens. */
        public String wallet(String account) {
            return walletPrefix() + account;
        }

        /** What {@link #wallet} puts before an account id. */
        public String walletPrefix() {
            return prefix + "wallet:";
        }

        /** The idempotency record of an event: its fingerprint and first outcome, kept for the window. */
        public String event(String eventId) {
            return prefix + "event:" + eventId;
        }

        /** An app's catalog entry, as app.catalog last said (hash). */
        public String app(String appId) {
            return prefix + "app:" + appId;
        }

        /** A developer's running total of earned shares ("imperal:developer:earnings:{dev_id}" in the seed). */
        public String developerEarnings(String developerId) {
            return prefix + "developer:earnings:" + developerId;
        }

        /** Which bucket uses an id of a kind (event, hold), where there are several (IdClaims): in the bucket the id hashes to. */
        public String claim(String kind, String id) {
            return prefix + "claim:" + kind + ":" + id;
        }

        /** A hold (hash): account, amount, purpose, payee, state, expires_at. */
        public String hold(String holdId) {
            return prefix + "hold:" + holdId;
        }
    }
}
