package com.platformeconomy.wallet.redis;

import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import com.platformeconomy.platform.problem.Unavailable;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisAPI;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.RedisOptions;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.runtime.datasource.ReactiveRedisDataSourceImpl;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The wallet's way to Redis for whatever reads or moves a wallet: each request names the key whose
 * slot it goes to. On one node this is Quarkus' client, as it is.
 *
 * <p>On a Redis Cluster each request goes straight to the master that serves its key's slot, on
 * that master's own pool (one client per master, signed in as the cluster client is). Not through
 * the cluster client of Quarkus 3.33 (vertx-redis-client 4.5.27): for every request it takes a
 * connection to <em>every</em> node of its slot map, replicas included, and fails the request when
 * one of them refuses ("Failed to connect to all nodes of the cluster"), so one lost node stopped
 * every bucket until the cluster had reconfigured (docs/scaling.md, "Failover"). Here a lost master
 * stops its own slots only, until its replica is promoted, and a lost replica stops nothing (but
 * the WAIT of its master's movements, which must not be answered without it).
 *
 * <p>The slot map is read with {@code CLUSTER SLOTS} from the first node that answers for every slot
 * (the masters last known, then every node of {@code quarkus.redis.hosts}): at the first request,
 * every {@value #READ_EVERY_MILLIS} ms, and, at most every {@value #REFRESH_EVERY_MILLIS} ms, after
 * a request found its master refusing or gone. A former master's client is closed
 * {@value #CLOSE_AFTER_MILLIS} ms after it left the map. {@link #dataSource()} gives Quarkus' data
 * source over the same routing (the relay's streams). A request answered {@code MOVED} (the node no longer serves the slot: it ran nothing) is
 * sent once more, to the node the answer names, and the map read again. A failed request is
 * otherwise the caller's: a route answers 503, and every movement is idempotent on its id.
 */
@ApplicationScoped
public class WalletRedis {

    static final long REFRESH_EVERY_MILLIS = 250;
    /** How often the slot map is read while nothing fails (the cluster client's own cache lived 1 s). */
    static final long READ_EVERY_MILLIS = 1_000;
    /** How long a former master's client is kept for the requests still on it before it is closed. */
    static final long CLOSE_AFTER_MILLIS = 10_000;
    /** How long one node is given to answer CLUSTER SLOTS before the next is asked. */
    private static final Duration ASK_SLOTS_WITHIN = Duration.ofSeconds(1);
    private static final int SLOTS = Keys.MAX_BUCKETS;

    private final Redis redis;
    private final Vertx vertx;
    private final boolean cluster;
    /** quarkus.redis.hosts: on a cluster, every node's URL with the wallet's credentials. */
    private final List<String> seeds;
    private final int poolSize;
    private final int poolWaiting;
    /** A pooled client per master of the last slot map ({@code host:port}). */
    private final Map<String, Redis> masters = new ConcurrentHashMap<>();
    /** The master of each slot ({@code host:port}), null where none serves it; null until first read. */
    private volatile String[] masterOf;
    private volatile long readAtNanos;
    private final AtomicReference<Uni<String[]>> reading = new AtomicReference<>();
    private volatile long timer = -1;

    private final ReactiveRedisDataSource dataSource;

    public WalletRedis(Redis redis, ReactiveRedisDataSource dataSource, Vertx vertx,
            @ConfigProperty(name = "quarkus.redis.client-type", defaultValue = "standalone") String clientType,
            @ConfigProperty(name = "quarkus.redis.hosts") List<String> seeds,
            @ConfigProperty(name = "quarkus.redis.max-pool-size", defaultValue = "6") int poolSize,
            @ConfigProperty(name = "quarkus.redis.max-pool-waiting", defaultValue = "24") int poolWaiting) {
        this.redis = redis;
        this.vertx = vertx;
        this.cluster = clientType.equalsIgnoreCase("cluster");
        this.seeds = seeds;
        this.poolSize = poolSize;
        this.poolWaiting = poolWaiting;
        // On a cluster, the data source's commands are routed as the rest (Routed): the relay's stream reads
        // and its mark (RELAY_MARK, through LuaScripts) must reach the same master, from the same slot map.
        Redis routed = Redis.newInstance(new Routed());
        this.dataSource = cluster ? new ReactiveRedisDataSourceImpl(vertx, routed, RedisAPI.api(routed)) : dataSource;
    }

    /** Quarkus' data-source API (the relay's stream commands) over the same routing: one node, or each command to its key's master. */
    public ReactiveRedisDataSource dataSource() {
        return dataSource;
    }

    /**
     * On a cluster, the slot map is read every {@value #READ_EVERY_MILLIS} ms as well: a master that
     * stopped answering without refusing (a frozen host) fails no request here (the bound,
     * {@link Answered}, is the caller's), and its replica's promotion must still be seen.
     */
    void start(@Observes StartupEvent started) {
        if (cluster) {
            timer = vertx.setPeriodic(READ_EVERY_MILLIS, tick -> readSoon());
        }
    }

    /** Sends {@code request} to the node that serves {@code key} (every key of the request shares its slot). */
    public Uni<Response> send(String key, Request request) {
        return cluster ? routed(Keys.slot(key), client -> client.send(request)) : redis.send(request);
    }

    /** {@code command key args…} to the node that serves {@code key}: text as it is, whole numbers in decimal. */
    public Uni<Response> call(Command command, String key, Object... args) {
        Request request = Request.cmd(command).arg(key);
        for (Object arg : args) {
            if (arg instanceof Number number) {
                request.arg(number.longValue());
            } else {
                request.arg((String) arg);
            }
        }
        return send(key, request);
    }

    /** Sends {@code requests} pipelined, on one connection, to the node that serves {@code key} (all share its slot). */
    public Uni<List<Response>> batch(String key, List<Request> requests) {
        return cluster ? routed(Keys.slot(key), client -> client.batch(requests)) : redis.batch(requests);
    }

    /** The cluster's slot map ({@code CLUSTER SLOTS}), from the first node that answers; on one node, a failure. */
    public Uni<Response> clusterSlots() {
        if (!cluster) {
            return Uni.createFrom().failure(new IllegalStateException("Redis is one node, not a cluster"));
        }
        return askSlots(candidates(), 0).map(answer -> answer.slots);
    }

    private <T> Uni<T> routed(int slot, Function<Redis, Uni<T>> call) {
        return map().chain(bySlot -> {
            String master = bySlot[slot];
            if (master == null) {
                readSoon();
                return Uni.createFrom().failure(new ApiException(ErrorCode.SERVICE_UNAVAILABLE,
                        "No Redis master serves slot " + slot + " now (a failover?); nothing moved: the same request again "
                                + "(same id) gets its outcome."));
            }
            return call.apply(client(master)).onFailure().recoverWithUni(failure -> {
                String movedTo = movedTo(failure);
                if (movedTo != null) {
                    // Not run there: once more to the node that serves the slot now.
                    readSoon();
                    return call.apply(client(movedTo));
                }
                if (Unavailable.is(failure)) {
                    readSoon();
                }
                return Uni.createFrom().failure(failure);
            });
        });
    }

    /**
     * The slot map: the one kept, or read now. A map read now is handed over on the caller's Vert.x
     * context (the reading may end on another request's, or on a timer's thread), where what the
     * caller does next (a Panache session, a saga's state) must run.
     */
    private Uni<String[]> map() {
        String[] known = masterOf;
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        io.vertx.core.Context caller = io.vertx.core.Vertx.currentContext();
        return caller == null ? read() : read().emitOn(task -> caller.runOnContext(ignored -> task.run()));
    }

    /** Reads the slot map again unless it was read in the last {@value #REFRESH_EVERY_MILLIS} ms. */
    private void readSoon() {
        if (System.nanoTime() - readAtNanos >= REFRESH_EVERY_MILLIS * 1_000_000) {
            read().subscribe().with(read -> { }, failure -> { });
        }
    }

    /** One reading of the slot map at a time; whoever asks meanwhile gets that one's outcome. */
    private Uni<String[]> read() {
        while (true) {
            Uni<String[]> running = reading.get();
            if (running != null) {
                return running;
            }
            AtomicReference<Uni<String[]>> self = new AtomicReference<>();
            Uni<String[]> fresh = askSlots(candidates(), 0).map(this::install)
                    .eventually(() -> reading.compareAndSet(self.get(), null))
                    .memoize().indefinitely();
            self.set(fresh);
            if (reading.compareAndSet(null, fresh)) {
                readAtNanos = System.nanoTime();
                return fresh;
            }
        }
    }

    /** The nodes to ask for the slot map: the masters last known, then every node configured. */
    private List<String> candidates() {
        Set<String> nodes = new LinkedHashSet<>(masters.keySet());
        for (String seed : seeds) {
            URI uri = URI.create(seed);
            nodes.add(uri.getHost() + ":" + (uri.getPort() < 0 ? 6379 : uri.getPort()));
        }
        return List.copyOf(nodes);
    }

    private record SlotsAnswer(String host, Response slots, int covered) {
    }

    private Uni<SlotsAnswer> askSlots(List<String> nodes, int from) {
        return askSlots(nodes, from, null);
    }

    /**
     * The first answer that gives every slot a master; else, once every node was asked, the answer
     * that covers most (a node with an empty or stale view, a new one or one reset, is passed over
     * while another knows better); a failure when none answered with a slot.
     */
    private Uni<SlotsAnswer> askSlots(List<String> nodes, int from, SlotsAnswer best) {
        if (from >= nodes.size()) {
            return best != null && best.covered > 0 ? Uni.createFrom().item(best) : Uni.createFrom().failure(new ApiException(
                    ErrorCode.SERVICE_UNAVAILABLE, "No Redis node of " + nodes + " answered CLUSTER SLOTS with a master for a slot;"
                            + " nothing moved: the same request again (same id) gets its outcome."));
        }
        return Uni.createFrom().deferred(() -> {
            String node = nodes.get(from);
            Redis client = masters.get(node);
            boolean probe = client == null;
            Redis asked = probe ? Redis.createClient(vertx, options(node, 1, 1)) : client;
            String host = node.substring(0, node.lastIndexOf(':'));
            return asked.send(Request.cmd(Command.CLUSTER).arg("SLOTS"))
                    .ifNoItem().after(ASK_SLOTS_WITHIN).fail()
                    .map(slots -> new SlotsAnswer(host, slots, covered(slots)))
                    .eventually(() -> {
                        if (probe) {
                            asked.close();
                        }
                    });
        }).onItemOrFailure().transformToUni((answer, failure) -> {
            if (answer != null && answer.covered == SLOTS) {
                return Uni.createFrom().item(answer);
            }
            SlotsAnswer better = answer != null && (best == null || answer.covered > best.covered) ? answer : best;
            return askSlots(nodes, from + 1, better);
        });
    }

    private static int covered(Response slots) {
        int covered = 0;
        for (Response range : slots) {
            covered += range.get(1).toInteger() - range.get(0).toInteger() + 1;
        }
        return covered;
    }

    /** Keeps the map a CLUSTER SLOTS answer gives (each range: start, end, its master, then replicas) and drops former masters' clients. */
    private String[] install(SlotsAnswer answer) {
        String[] bySlot = new String[SLOTS];
        for (Response range : answer.slots) {
            Response master = range.get(2);
            // Since Redis 7 an empty or null host means the node that answered.
            String host = master.get(0) == null || master.get(0).toString().isEmpty() ? answer.host : master.get(0).toString();
            Arrays.fill(bySlot, range.get(0).toInteger(), range.get(1).toInteger() + 1, address(host, master.get(1).toString()));
        }
        masterOf = bySlot;
        readAtNanos = System.nanoTime();
        Set<String> serving = new LinkedHashSet<>(Arrays.asList(bySlot));
        // Each master's client made now, off any request's context; the next reading asks them first.
        for (String address : serving) {
            if (address != null) {
                client(address);
            }
        }
        // A former master's client goes once the requests on it had their time (each is bounded, Answered).
        masters.entrySet().removeIf(client -> {
            if (serving.contains(client.getKey())) {
                return false;
            }
            Redis former = client.getValue();
            vertx.setTimer(CLOSE_AFTER_MILLIS, tick -> former.close());
            return true;
        });
        return bySlot;
    }

    private Redis client(String hostPort) {
        return masters.computeIfAbsent(hostPort, address -> Redis.createClient(vertx, options(address, poolSize, poolWaiting)));
    }

    private RedisOptions options(String hostPort, int size, int waiting) {
        return new RedisOptions().setConnectionString(nodeUrl(seeds.get(0), hostPort)).setMaxPoolSize(size).setMaxPoolWaiting(waiting);
    }

    /** The URL of the node at {@code hostPort}, with the scheme and credentials of {@code seed}. */
    static String nodeUrl(String seed, String hostPort) {
        URI uri = URI.create(seed);
        return uri.getScheme() + "://" + (uri.getRawUserInfo() == null ? "" : uri.getRawUserInfo() + "@") + hostPort;
    }

    /**
     * The node a {@code MOVED} answer names ({@code MOVED <slot> <host:port>}, alone or in a failed
     * pipeline's summary), or null when the failure is not a redirection.
     */
    static String movedTo(Throwable failure) {
        String message = failure.getMessage();
        if (message == null) {
            return null;
        }
        int at = 0;
        if (!message.startsWith("MOVED ")) {
            int found = message.indexOf("] MOVED ");
            if (found < 0) {
                return null;
            }
            at = found + 2;
        }
        String[] words = message.substring(at).split("\\s+", 4);
        if (words.length < 3) {
            return null;
        }
        // host:port, digits only after the last ':' (a pipeline's summary may run the next "ERR [" on).
        String address = words[2];
        int colon = address.lastIndexOf(':');
        int end = colon + 1;
        while (end < address.length() && Character.isDigit(address.charAt(end))) {
            end++;
        }
        if (colon <= 0 || end == colon + 1) {
            return null;
        }
        return address(address.substring(0, colon), address.substring(colon + 1, end));
    }

    /** A node's {@code host:port}; an IPv6 host (bare in MOVED and CLUSTER SLOTS answers) in brackets, as a URL needs it. */
    static String address(String host, String port) {
        return (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }

    /** The clients kept, by master ({@code host:port}): the masters of the last slot map used. */
    Set<String> clients() {
        return Set.copyOf(masters.keySet());
    }

    /**
     * The client interface Quarkus' data source sends through, each command routed by its first key
     * ({@code RequestImpl.keys()}, the key positions the client knows of every command, as its own
     * cluster client routes by them); keyless commands, which the relay does not send, are refused.
     */
    private final class Routed implements io.vertx.redis.client.Redis {

        @Override
        public io.vertx.core.Future<io.vertx.redis.client.RedisConnection> connect() {
            return io.vertx.core.Future.failedFuture("WalletRedis routes each command; it lends no connection");
        }

        @Override
        public void close() {
        }

        @Override
        public io.vertx.core.Future<io.vertx.redis.client.Response> send(io.vertx.redis.client.Request command) {
            return routedFuture(command, List.of(command), routeKey -> WalletRedis.this.send(routeKey, Request.newInstance(command))
                    .map(reply -> reply == null ? null : reply.getDelegate()));
        }

        @Override
        public io.vertx.core.Future<List<io.vertx.redis.client.Response>> batch(List<io.vertx.redis.client.Request> commands) {
            return routedFuture(commands.isEmpty() ? null : commands.get(0), commands,
                    routeKey -> WalletRedis.this.batch(routeKey, commands.stream().map(Request::newInstance).toList())
                            .map(replies -> replies.stream().map(reply -> reply == null ? null : reply.getDelegate()).toList()));
        }

        private <T> io.vertx.core.Future<T> routedFuture(io.vertx.redis.client.Request first, List<io.vertx.redis.client.Request> all,
                Function<String, Uni<T>> send) {
            List<byte[]> keys = first == null ? List.of() : ((io.vertx.redis.client.impl.RequestImpl) first).keys();
            if (keys.isEmpty()) {
                return io.vertx.core.Future.failedFuture("a command without a key cannot be routed: " + all);
            }
            io.vertx.core.Context caller = io.vertx.core.Vertx.currentContext();
            java.util.concurrent.CompletionStage<T> stage = send.apply(new String(keys.get(0), java.nio.charset.StandardCharsets.UTF_8))
                    .subscribeAsCompletionStage();
            return caller == null ? io.vertx.core.Future.fromCompletionStage(stage)
                    : io.vertx.core.Future.fromCompletionStage(stage, caller);
        }
    }

    @PreDestroy
    void close() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        new ArrayList<>(masters.values()).forEach(Redis::close);
    }
}
