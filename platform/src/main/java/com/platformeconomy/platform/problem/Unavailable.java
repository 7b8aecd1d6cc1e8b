package com.platformeconomy.platform.problem;

import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Whether a failure says that a store the service needs (PostgreSQL, Redis) could not be reached
 * or went away during the call, as opposed to a bug or a refusal: the one place that decides it.
 * {@link ProblemMapper} answers such a failure 503 {@link ErrorCode#SERVICE_UNAVAILABLE} (a caller
 * retries the same request, with the same id, and gets its outcome once the store is back) instead
 * of 500 (whose cause is unknown, so no client should retry it blindly).
 *
 * <p>Only failures that say so are counted: a refused or reset connection, a connection closed
 * while a call was on it, PostgreSQL's connection-class errors ({@code 08…}, shutting down, too many
 * connections), and Redis' replies that mean "not now" (the cluster reconfiguring, a failover, a
 * replica still loading, a lost connection). Any other failure stays a 500: a script error or a
 * bug retried forever would hide it.
 */
public final class Unavailable {

    /**
     * Redis answers that say the store is away for now, by their first word (the Redis error's kind).
     * UNBLOCKED: a WAIT cut short because its master was turned into a replica (a failover), so
     * whether a replica holds the write is unknown: the same request again gets its outcome.
     */
    static final Set<String> REDIS_KINDS = Set.of("CONNECTION_CLOSED", "CLUSTERDOWN", "TRYAGAIN", "LOADING", "MASTERDOWN",
            "READONLY", "NOREPLICAS", "MOVED", "ASK", "UNBLOCKED");
    /**
     * A full Redis refusing a write (maxmemory with noeviction: records expire and room comes back),
     * as a command's reply or as a script's error at its first write (Redis checks there, so the
     * script wrote nothing): the same request again gets its outcome once there is room.
     */
    static final String OUT_OF_MEMORY = "OOM command not allowed";
    static final String SCRIPT_OUT_OF_MEMORY = ": -" + OUT_OF_MEMORY;
    /** A slot's redirection: the node asked no longer serves it (a failover), so nothing ran there. */
    static final Set<String> REDIRECTIONS = Set.of("MOVED", "ASK");
    /** How the Vert.x Redis client's error replies are typed; named, so platform needs no Redis client. */
    static final String REDIS_ERROR_REPLY = "io.vertx.redis.client.impl.types.ErrorType";
    static final String NO_STACK_TRACE = "io.vertx.core.impl.NoStackTraceThrowable";
    static final String CONNECTION_CLOSED = "Connection is closed";
    /** How the Redis client begins each line of a failed pipeline's error: {@code ERR [0] …}. */
    static final String PIPELINE_LINE = "ERR [";
    /** A pipelined request's failure, as the client writes it, when its connection failed. */
    static final List<String> CONNECTION_FAILURES = List.of("java.net.SocketException",
            "java.net.ConnectException", "io.netty.channel.AbstractChannel$AnnotatedConnectException",
            "io.netty.channel.StacklessClosedChannelException", "java.nio.channels.ClosedChannelException",
            NO_STACK_TRACE + ": " + CONNECTION_CLOSED, CONNECTION_CLOSED);

    private Unavailable() {
    }

    /** True when {@code failure}, or one of its causes, says a store could not be reached for now. */
    public static boolean is(Throwable failure) {
        Throwable current = failure;
        for (int depth = 0; current != null && depth < 8; depth++) {
            if (says(current)) {
                return true;
            }
            current = current.getCause() == current ? null : current.getCause();
        }
        return false;
    }

    private static boolean says(Throwable failure) {
        // SocketException: refused (ConnectException), reset, no route to the store's host.
        // A client's pool with every connection busy and its queue of waiters full: nothing was sent.
        if (failure instanceof SocketException || failure instanceof ClosedChannelException
                || failure instanceof ClosedConnectionException || failure instanceof ConnectionPoolTooBusyException
                || failure instanceof io.netty.channel.ConnectTimeoutException) {
            return true;
        }
        if (failure instanceof DatabaseException database && database.getSqlState() != null) {
            String state = database.getSqlState();
            // 08: connection exception; 57P01-03: admin shutdown, crash shutdown, cannot connect now; 53300: too many connections.
            return state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")
                    || state.equals("53300");
        }
        String name = failure.getClass().getName();
        if (name.equals(REDIS_ERROR_REPLY) && failure.getMessage() != null) {
            return redisSaysAway(failure.getMessage());
        }
        // Vert.x's clients fail a call whose connection went away with this, stackless.
        return name.equals(NO_STACK_TRACE) && CONNECTION_CLOSED.equals(failure.getMessage());
    }

    /**
     * A Redis error reply, or the client's summary of a failed pipeline: one {@code ERR [i] …} per
     * request, each the request's own failure as text. A pipeline counts as away when every one of
     * its requests failed for that reason, or when any was redirected: the pipeline's keys share one
     * slot, so it went, whole, to a node that no longer serves it (just after a failover: the scripts
     * answer MOVED and did not run, the WAIT behind them fails on what is now a replica).
     */
    static boolean redisSaysAway(String message) {
        if (!message.startsWith(PIPELINE_LINE)) {
            return away(message);
        }
        List<String> texts = pipelineTexts(message);
        return texts.stream().anyMatch(text -> REDIRECTIONS.contains(firstWord(text)))
                || texts.stream().allMatch(text -> away(text) || CONNECTION_FAILURES.stream().anyMatch(text::startsWith));
    }

    /** One Redis reply's text says "not now": its kind, or a full Redis refusing a write. */
    private static boolean away(String text) {
        return REDIS_KINDS.contains(firstWord(text)) || text.startsWith(OUT_OF_MEMORY) || text.contains(SCRIPT_OUT_OF_MEMORY);
    }

    /**
     * Each request's text in a failed pipeline's summary. The client appends the requests' failures to
     * one unsynchronised StringBuilder from more than one thread (vertx-redis-client 4.5,
     * {@code RedisStandaloneConnection.doBatch}), so they come in any order and the line separator
     * between two can be lost or land at the end: the texts are cut at each {@code ERR [i] } marker,
     * not at line ends (seen in stop 40's CI: {@code …not propagated.ERR [0] MOVED 3696 …}).
     */
    static List<String> pipelineTexts(String message) {
        List<String> texts = new ArrayList<>();
        int start = textAfterMarker(message, 0);
        while (start >= 0) {
            int next = nextMarker(message, start);
            texts.add(message.substring(start, next < 0 ? message.length() : next).strip());
            start = next < 0 ? -1 : textAfterMarker(message, next);
        }
        return texts;
    }

    /** Where the next {@code ERR [i] } marker at or after {@code from} begins, or -1. */
    private static int nextMarker(String message, int from) {
        for (int at = message.indexOf(PIPELINE_LINE, from); at >= 0; at = message.indexOf(PIPELINE_LINE, at + 1)) {
            if (textAfterMarker(message, at) >= 0) {
                return at;
            }
        }
        return -1;
    }

    /** Where the text after an {@code ERR [i] } marker at {@code at} begins, or -1 when none is there. */
    private static int textAfterMarker(String message, int at) {
        if (!message.startsWith(PIPELINE_LINE, at)) {
            return -1;
        }
        int digits = at + PIPELINE_LINE.length();
        int end = digits;
        while (end < message.length() && Character.isDigit(message.charAt(end))) {
            end++;
        }
        return end > digits && message.startsWith("] ", end) ? end + 2 : -1;
    }

    private static String firstWord(String text) {
        int space = text.indexOf(' ');
        return space < 0 ? text : text.substring(0, space);
    }
}
