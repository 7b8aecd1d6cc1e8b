package com.platformeconomy.platform.problem;

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

    /** Redis answers that say the store is away for now, by their first word (the Redis error's kind). */
    static final Set<String> REDIS_KINDS = Set.of("CONNECTION_CLOSED", "CLUSTERDOWN", "TRYAGAIN", "LOADING", "MASTERDOWN",
            "READONLY", "NOREPLICAS", "MOVED", "ASK");
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
        if (failure instanceof SocketException || failure instanceof ClosedChannelException
                || failure instanceof ClosedConnectionException
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
     * A Redis error reply, or the client's summary of a failed pipeline: one line {@code ERR [i] …}
     * per request, each the request's own failure as text. A pipeline counts as away when every one
     * of its requests failed for that reason, or when any was redirected: the pipeline's keys share
     * one slot, so it went, whole, to a node that no longer serves it (just after a failover: the
     * scripts answer MOVED and did not run, the WAIT behind them fails on what is now a replica).
     */
    static boolean redisSaysAway(String message) {
        if (!message.startsWith(PIPELINE_LINE)) {
            return REDIS_KINDS.contains(firstWord(message));
        }
        List<String> texts = new ArrayList<>();
        for (String line : message.split("\n")) {
            int end = line.indexOf("] ");
            if (!line.startsWith(PIPELINE_LINE) || end < 0) {
                return false;
            }
            texts.add(line.substring(end + 2));
        }
        return texts.stream().anyMatch(text -> REDIRECTIONS.contains(firstWord(text)))
                || texts.stream().allMatch(text -> REDIS_KINDS.contains(firstWord(text))
                        || CONNECTION_FAILURES.stream().anyMatch(text::startsWith));
    }

    private static String firstWord(String text) {
        int space = text.indexOf(' ');
        return space < 0 ? text : text.substring(0, space);
    }
}
