package com.platformeconomy.wallet.redis;

import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import com.platformeconomy.wallet.config.WalletConfig;
import com.platformeconomy.wallet.relay.RelayWakeUp;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The Lua scripts of {@code src/main/resources/lua}, each prefixed with {@code common.lua}, loaded
 * once (SCRIPT LOAD) and run by EVALSHA, falling back to EVAL when Redis answers NOSCRIPT (it was
 * restarted or its script cache flushed). Keys always travel in KEYS.
 *
 * <p>Every script that appends to the billing stream runs through here, so after one succeeds this
 * wakes the stream's relay ({@link RelayWakeUp}): it relays the entry at once instead of finishing a
 * long idle wait.
 *
 * <p>With {@code wallet.redis.replica-acks} &gt; 0 (a Redis with replicas, e.g. the Redis Cluster of
 * docs/scaling.md) every script is followed, in the same pipeline, by {@code WAIT n timeout}: a
 * script's outcome is returned only once that many replicas hold its writes, so a master that dies
 * afterwards cannot take an acknowledged movement with it (its replica, promoted, has it). When
 * fewer replicas confirm in time the call fails with a transient refusal
 * ({@link ErrorCode#SERVICE_UNAVAILABLE}): a route answers 503, a consumer retries, and the same
 * request again (same event id) gets the stored outcome or, if the master died before replicating
 * it, is applied once on the promoted replica.
 */
@ApplicationScoped
public class LuaScripts {

    public enum Script {
        TRANSFER("transfer.lua", true),
        CHARGE("charge.lua", true),
        CATALOG("catalog.lua", false),
        HOLD("hold.lua", false),
        SETTLE_HOLD("settle_hold.lua", true),
        VOID("void.lua", false),
        TRIM_STREAM("trim_stream.lua", false),
        FORGET_DEAD_RELAYS("forget_dead_relays.lua", false),
        SNAPSHOT_BALANCES("snapshot_balances.lua", false),
        RESTORE_BALANCES("restore_balances.lua", false),
        STOP_BEHIND_COUNTER("stop_behind_counter.lua", false),
        RELAY_MARK("relay_mark.lua", false),
        CLAIM("claim.lua", false),
        CUT_BACK_CLAIM("cut_back_claim.lua", false),
        LANDING("landing.lua", false),
        LANDED("landed.lua", false),
        STREAM_RELAYED("stream_relayed.lua", false);

        private final String file;
        /** Whether the script may XADD to the billing stream (pes:billing): its relay is then woken. */
        private final boolean appendsToBillingStream;

        Script(String file, boolean appendsToBillingStream) {
            this.file = file;
            this.appendsToBillingStream = appendsToBillingStream;
        }
    }

    private final WalletRedis redis;
    private final Keys buckets;
    private final MovementCounter counter;
    private final Runnable wakeRelay;
    private final int replicaAcks;
    private final long replicaAckTimeoutMillis;
    private final Answered answered;
    private final long lateAfterMillis;
    private final RedisClock redisClock;
    private final Map<Script, String> bodies = new EnumMap<>(Script.class);
    private final Map<Script, String> shas = new EnumMap<>(Script.class);

    public LuaScripts(WalletRedis redis, Keys buckets, MovementCounter counter, RelayWakeUp relayWakeUp, WalletConfig config, Answered answered,
                      RedisClock redisClock) {
        this.redis = redis;
        this.buckets = buckets;
        this.redisClock = redisClock;
        this.counter = counter;
        this.wakeRelay = relayWakeUp::wake;
        this.replicaAcks = config.redis().replicaAcks();
        this.replicaAckTimeoutMillis = config.redis().replicaAckTimeout().toMillis();
        this.answered = answered;
        // At most a third of the idempotency window (a short window in a test profile shortens it): a late request
        // must be refused well before its retry's record can have expired, clocks differing a little.
        this.lateAfterMillis = config.effectiveLateAfter().toMillis();
        String common = read("common.lua");
        for (Script script : Script.values()) {
            String body = common + "\n" + read(script.file);
            bodies.put(script, body);
            shas.put(script, sha1(body));
        }
    }

    void load(@Observes StartupEvent started) {
        // Loading at start-up keeps the first requests on EVALSHA; a failure here is not fatal
        // (Redis may come later) since EVAL on NOSCRIPT loads them anyway. On a cluster, on the master of every bucket.
        for (Script script : Script.values()) {
            buckets.eachBucket(bucket -> redis.send(bucket.seq(), Request.cmd(Command.SCRIPT).arg("LOAD").arg(bodies.get(script))))
                    .subscribe().with(loaded -> { }, failure -> { });
        }
    }

    /** Whether every script's writes are answered only once replicas hold them (wallet.redis.replica-acks > 0). */
    public boolean waitsForReplicas() {
        return replicaAcks > 0;
    }

    /** Runs {@code script} once. */
    public Uni<Response> run(Script script, List<String> keys, List<String> args) {
        Supplier<Uni<Response>> send = () -> replicaAcks == 0
                ? redis.send(keys.get(0), request(script, keys, args))
                        .onFailure(LuaScripts::isNoScript).recoverWithUni(() -> redis.send(keys.get(0), eval(script, keys, args)))
                : replicated(List.of(request(script, keys, args)), () -> List.of(eval(script, keys, args)), keys.get(0))
                        .map(replies -> replies.get(0));
        Uni<Response> reply = numbered(send);
        return script.appendsToBillingStream ? reply.invoke(wakeRelay) : reply;
    }

    /**
     * Sends once more when a script found no movement counter (it moved and remembered nothing) and
     * {@link MovementCounter} made it (a fresh system) or found it made meanwhile; after Redis lost
     * its data that fails with 503 until an admin's rebuild, so no movement is numbered twice.
     * Each send is bounded ({@link Answered}); the making of the counters is not: cut off between
     * its PostgreSQL record and its Redis counters, it would leave a fresh system looking like one
     * whose Redis lost its data.
     */
    private <T> Uni<T> numbered(Supplier<Uni<T>> send) {
        Supplier<Uni<T>> bounded = () -> answered.within(send.get()).onFailure(LuaScripts::isLate).transform(late ->
                new ApiException(ErrorCode.SERVICE_UNAVAILABLE, "Redis ran the request after its deadline (wallet.redis.late-after "
                        + "past its sending: is Redis' clock that far ahead of the wallet's?); nothing moved."));
        return bounded.get().onFailure(LuaScripts::isUnnumbered).recoverWithUni(() -> counter.makeIfFresh()
                .chain(bounded::get)
                .onFailure(LuaScripts::isUnnumbered).transform(again -> MovementCounter.lost()));
    }

    /**
     * The deadline of a charge, a transfer, a hold or a hold's ending sent now (ms since the epoch, in Redis' time),
     * its last argument: past it the script refuses before any write (common.lua refuse_if_late,
     * wallet.redis.late-after). Refused (503) while Redis' clock cannot be told (RedisClock).
     *
     * <p>A route whose id the idempotency window admits takes it <em>before</em> the admission: the
     * window accepts a replay until the id's time + window − skew − replica margin, and the id's record
     * lives window + late-after from the first application, so a replay is never applied twice only
     * if it reaches Redis within late-after of its admission, whatever waits in between (a PostgreSQL
     * lock, an id claim, the app's developer read from Redis).
     */
    public String deadline() {
        return Long.toString(redisClock.deadline(lateAfterMillis));
    }

    private static boolean isLate(Throwable failure) {
        return failure.getMessage() != null && failure.getMessage().contains("LATE: the request reached Redis after its deadline");
    }

    private static boolean isUnnumbered(Throwable failure) {
        return failure.getMessage() != null && failure.getMessage().contains("UNNUMBERED");
    }

    /**
     * Runs many scripts pipelined: one write of all requests, one read of all replies. If Redis
     * lost its script cache, the whole batch is sent again as EVAL: a script that did run returns
     * its first outcome the second time, since every script is idempotent on its event id.
     */
    public Uni<List<Response>> runAll(List<Invocation> invocations) {
        Map<String, List<Integer>> byBucket = new LinkedHashMap<>();
        for (int i = 0; i < invocations.size(); i++) {
            byBucket.computeIfAbsent(hashTag(invocations.get(i).keys().get(0)), tag -> new ArrayList<>()).add(i);
        }
        if (byBucket.size() <= 1) {
            return pipelined(invocations);
        }
        // Keys of several buckets (redis/Keys): one pipeline per bucket, each to its master, at once; replies in order.
        List<List<Integer>> groups = List.copyOf(byBucket.values());
        return Uni.join().all(groups.stream().map(group -> pipelined(group.stream().map(invocations::get).toList())).toList())
                .andFailFast()
                .map(parts -> {
                    Response[] replies = new Response[invocations.size()];
                    for (int g = 0; g < groups.size(); g++) {
                        for (int k = 0; k < groups.get(g).size(); k++) {
                            replies[groups.get(g).get(k)] = parts.get(g).get(k);
                        }
                    }
                    return Arrays.asList(replies);
                });
    }

    /**
     * A key's hash tag, what Redis Cluster places it by: the text between its first '{' and the next
     * '}' when not empty. Untagged keys (one Redis node) give "": they all go in one pipeline.
     */
    static String hashTag(String key) {
        int open = key.indexOf('{');
        int close = open < 0 ? -1 : key.indexOf('}', open + 1);
        return close > open + 1 ? key.substring(open + 1, close) : "";
    }

    private Uni<List<Response>> pipelined(List<Invocation> invocations) {
        List<Request> requests = invocations.stream().map(i -> request(i.script(), i.keys(), i.args())).toList();
        // EVAL carries the whole script: built only when Redis has lost its script cache, never per call.
        Supplier<List<Request>> evals = () -> invocations.stream().map(i -> eval(i.script(), i.keys(), i.args())).toList();
        String anyKey = invocations.get(0).keys().get(0);
        Uni<List<Response>> replies = numbered(() -> replicaAcks == 0
                ? redis.batch(anyKey, requests).onFailure(LuaScripts::isNoScript).recoverWithUni(() -> redis.batch(anyKey, evals.get()))
                : replicated(requests, evals, anyKey));
        return appendsToBillingStream(invocations) ? replies.invoke(wakeRelay) : replies;
    }

    /**
     * {@code requests}, a mark and a WAIT in one pipeline to the master of their slot (they all share
     * it, {@code anyKey}'s), their replies once {@link #replicaAcks} replicas confirmed; a transient
     * 503 refusal otherwise.
     *
     * <p>WAIT waits only for this connection's own last write. A script that writes nothing (a
     * replay answering a stored outcome, a claim already held, a void finding its credit applied)
     * leaves the connection's offset where an earlier request put it, and a pooled connection's
     * offset can be older than the write the script now answers for: that write may still be only
     * on the master (its first request was answered 503, not replicated) and WAIT would confirm it at
     * once. The mark, a write of its own after the scripts, moves the offset to the master's current
     * one, so the WAIT covers everything the scripts read as well as what they wrote.
     */
    private Uni<List<Response>> replicated(List<Request> requests, Supplier<List<Request>> evals, String anyKey) {
        return redis.batch(anyKey, withWait(requests, anyKey))
                .onFailure(LuaScripts::isNoScript).recoverWithUni(() -> redis.batch(anyKey, withWait(evals.get(), anyKey)))
                .map(replies -> {
                    long confirmed = replies.get(replies.size() - 1).toLong();
                    if (confirmed < replicaAcks) {
                        throw notReplicated(confirmed, replicaAcks);
                    }
                    return replies.subList(0, replies.size() - 2);
                });
    }

    private List<Request> withWait(List<Request> requests, String anyKey) {
        return withWait(requests, anyKey, replicaAcks, replicaAckTimeoutMillis);
    }

    /** The pipeline sent: the requests, then the mark in {@code anyKey}'s slot, then {@code WAIT acks timeout}. */
    static List<Request> withWait(List<Request> requests, String anyKey, int acks, long timeoutMillis) {
        List<Request> pipeline = new ArrayList<>(requests.size() + 2);
        pipeline.addAll(requests);
        pipeline.add(Request.cmd(Command.SET).arg(replicatedMark(anyKey)).arg("1"));
        pipeline.add(Request.cmd(Command.WAIT).arg(acks).arg(timeoutMillis));
        return pipeline;
    }

    /** The mark's key: in the slot of {@code anyKey} (its hash tag), so the pipeline stays on one master. */
    static String replicatedMark(String anyKey) {
        String tag = hashTag(anyKey);
        return tag.isEmpty() ? Keys.STANDALONE + "replicated" : "pes:{" + tag + "}:replicated";
    }

    /**
     * Redis applied a script but fewer replicas than required confirmed it in time: its outcome is
     * not yet safe to acknowledge, and the same request again gets it (transient, 503).
     */
    static ApiException notReplicated(long confirmed, int required) {
        return new ApiException(ErrorCode.SERVICE_UNAVAILABLE, "Redis applied the request but " + confirmed + " of " + required
                + " replicas confirmed it in time; the same request again (same id) gets its outcome.");
    }

    private static boolean appendsToBillingStream(List<Invocation> invocations) {
        for (int i = 0; i < invocations.size(); i++) {
            if (invocations.get(i).script().appendsToBillingStream) {
                return true;
            }
        }
        return false;
    }

    /** One script call of a pipelined batch. */
    public record Invocation(Script script, List<String> keys, List<String> args) {
    }

    private Request request(Script script, List<String> keys, List<String> args) {
        return withKeysAndArgs(Request.cmd(Command.EVALSHA).arg(shas.get(script)), keys, args);
    }

    private Request eval(Script script, List<String> keys, List<String> args) {
        return withKeysAndArgs(Request.cmd(Command.EVAL).arg(bodies.get(script)), keys, args);
    }

    private static Request withKeysAndArgs(Request request, List<String> keys, List<String> args) {
        request.arg(keys.size());
        keys.forEach(request::arg);
        args.forEach(request::arg);
        return request;
    }

    private static boolean isNoScript(Throwable failure) {
        return failure.getMessage() != null && failure.getMessage().contains("NOSCRIPT");
    }

    private static String read(String file) {
        try (InputStream in = LuaScripts.class.getResourceAsStream("/lua/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing Lua script " + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha1(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
