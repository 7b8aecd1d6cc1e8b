package com.platformeconomy.platform.consumer;

import com.platformeconomy.platform.problem.ApiException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgException;
import java.time.DateTimeException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a consumer does when applying an event fails in a way that may pass (the database or Redis
 * away). A refusal ({@link ApiException}) does not pass by waiting unless its
 * {@link com.platformeconomy.platform.problem.ErrorCode} is transient (a 503), nor does data the
 * database refuses ({@link #neverPassing}), so neither is retried: the consumer parks it. Every consumer of the suite names one of these, instead of its own back-off.
 */
public enum Retry {

    /**
     * Money that must be applied: retried with back-off until it is. The batch and its offsets wait,
     * so nothing behind it is committed before it (ledger, earnings, credits).
     */
    UNTIL_APPLIED(Duration.ofMillis(200), Duration.ofSeconds(10), Long.MAX_VALUE),

    /**
     * Retried 8 times over about half a minute, then the failure is the channel's: it stops and
     * readiness goes down, the offsets uncommitted, so the event is read again after a restart.
     */
    THEN_FAIL(Duration.ofMillis(200), Duration.ofSeconds(5), 8),

    /** Retried 8 times over about half a minute, then the event is parked with the failure as its reason. */
    THEN_PARK(Duration.ofMillis(200), Duration.ofSeconds(5), 8);

    private final Duration first;
    private final Duration max;
    private final long attempts;

    Retry(Duration first, Duration max, long attempts) {
        this.first = first;
        this.max = max;
        this.attempts = attempts;
    }

    /**
     * Whether waiting may make {@code failure} pass: not a refusal (unless its code calls it
     * transient), nor a failure the same event meets on every try ({@link #neverPassing}).
     */
    public static boolean mayPass(Throwable failure) {
        if (failure instanceof ApiException refused) {
            return refused.isTransient();
        }
        return neverPassing(failure) == null;
    }

    /**
     * The failure in {@code failure}'s causes that the same event meets on every try, or null: PostgreSQL
     * refusing its data (SQLSTATE class 22: a NUL in a text, a number or date out of range; 54: a
     * limit, such as an index row too large), a NOT NULL or CHECK constraint (23502, 23514), or the
     * same in Java before the query (a date or a sum out of range). Not a unique or foreign-key
     * violation (23505, 23503): a concurrent writer, or a row not there yet, may let it pass.
     * Retried, such an event would hold its channel (and everything behind it) for ever; it is parked.
     */
    public static Throwable neverPassing(Throwable failure) {
        int depth = 0; // a cause chain may loop
        for (Throwable t = failure; t != null && depth++ < 16; t = t.getCause()) {
            if (t instanceof PgException pg && pg.getSqlState() != null) {
                String state = pg.getSqlState();
                if (state.startsWith("22") || state.startsWith("54") || state.equals("23502") || state.equals("23514")) {
                    return t;
                }
            } else if (t instanceof DateTimeException || t instanceof ArithmeticException) {
                return t;
            }
        }
        return null;
    }

    /** Why {@code failure} will not pass, as a parked record's reason says it. */
    public static String whyNot(Throwable failure) {
        if (failure instanceof ApiException refused) {
            return "refused (" + refused.code() + "): " + refused.getMessage();
        }
        Throwable cause = neverPassing(failure);
        if (cause instanceof PgException pg) {
            return "PostgreSQL refuses it (SQLSTATE " + pg.getSqlState() + "): " + pg.getErrorMessage();
        }
        Throwable shown = cause == null ? failure : cause;
        return "not applicable (" + shown.getClass().getSimpleName() + "): " + shown.getMessage();
    }

    /**
     * {@code work} retried under this policy while its failure {@link #mayPass may pass}. Subscribed on
     * a Vert.x context (a consumer's, a route's), every attempt runs on that context: the back-off waits
     * on a Vert.x timer, not on Mutiny's worker pool, where work that opens a Panache session or
     * transaction ({@code @WithTransaction}) would fail with no Vert.x context at all.
     */
    public <T> Uni<T> around(Uni<T> work) {
        return Uni.createFrom().deferred(() -> {
            Context context = Vertx.currentContext();
            if (context == null) {
                var retrying = work.onFailure(Retry::mayPass).retry().withBackOff(first, max);
                return attempts == Long.MAX_VALUE ? retrying.indefinitely() : retrying.atMost(attempts);
            }
            AtomicLong tried = new AtomicLong();
            return work.onFailure(Retry::mayPass).retry().when(failures -> failures.onItem().transformToUniAndConcatenate(failure -> {
                long attempt = tried.incrementAndGet();
                if (attempt > attempts) {
                    return Uni.createFrom().failure(failure);
                }
                long delay = backOffMillis(attempt);
                return Uni.createFrom().<Long>emitter(waited -> context.owner().setTimer(delay,
                        timer -> context.runOnContext(onContext -> waited.complete(attempt))));
            }));
        });
    }

    /** The wait before retry {@code attempt} (1, 2, …): first, doubled each time, at most max. */
    long backOffMillis(long attempt) {
        return Math.min(max.toMillis(), first.toMillis() << Math.min(attempt - 1, 20));
    }
}
