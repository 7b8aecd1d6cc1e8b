package com.platformeconomy.platform.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import io.vertx.pgclient.PgException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A consumer's work is retried on the Vert.x context it started on: work that opens a Panache
 * session or transaction (goal-service's goal creation, revenue's funding) fails outright on a
 * thread without one, so a retry on Mutiny's worker pool turned a passing database blip into eight
 * failures and a stopped channel.
 */
class RetryTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void everyAttemptRunsOnTheContextTheWorkStartedOn() throws Exception {
        Context duplicated = ((ContextInternal) vertx.getOrCreateContext()).duplicate();
        List<Context> attempts = new CopyOnWriteArrayList<>();
        AtomicInteger failuresLeft = new AtomicInteger(2);
        Uni<String> work = Uni.createFrom().deferred(() -> {
            attempts.add(Vertx.currentContext());
            return failuresLeft.getAndDecrement() > 0
                    ? Uni.createFrom().failure(new IllegalStateException("the database is away"))
                    : Uni.createFrom().item("applied");
        });
        CompletableFuture<String> outcome = new CompletableFuture<>();
        duplicated.runOnContext(start -> Retry.THEN_FAIL.around(work).subscribe().with(outcome::complete, outcome::completeExceptionally));

        assertThat(outcome.get(10, TimeUnit.SECONDS)).isEqualTo("applied");
        assertThat(attempts).as("the context of each attempt").hasSize(3).containsOnly(duplicated);
    }

    @Test
    void theAttemptsAreCountedAndTheLastFailureIsTheOutcome() throws Exception {
        Context context = vertx.getOrCreateContext();
        AtomicInteger tried = new AtomicInteger();
        Uni<String> never = Uni.createFrom().deferred(() -> Uni.createFrom().failure(
                new IllegalStateException("away, attempt " + tried.incrementAndGet())));
        CompletableFuture<String> outcome = new CompletableFuture<>();
        context.runOnContext(start -> Retry.THEN_FAIL.around(never).subscribe().with(outcome::complete, outcome::completeExceptionally));

        assertThat(outcome).failsWithin(60, TimeUnit.SECONDS).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .havingCause().withMessage("away, attempt 9"); // the first and 8 retries
    }

    @Test
    void aRefusalIsNotRetriedATransientOneIs() throws Exception {
        Context context = vertx.getOrCreateContext();
        AtomicInteger tried = new AtomicInteger();
        Uni<String> refused = Uni.createFrom().deferred(() -> {
            tried.incrementAndGet();
            return Uni.createFrom().failure(new ApiException(ErrorCode.INSUFFICIENT_BALANCE, "no"));
        });
        CompletableFuture<String> outcome = new CompletableFuture<>();
        context.runOnContext(start -> Retry.UNTIL_APPLIED.around(refused).subscribe().with(outcome::complete, outcome::completeExceptionally));
        assertThat(outcome).failsWithin(5, TimeUnit.SECONDS);
        assertThat(tried).hasValue(1);

        AtomicInteger transientLeft = new AtomicInteger(1);
        Uni<String> unavailable = Uni.createFrom().deferred(() -> transientLeft.getAndDecrement() > 0
                ? Uni.createFrom().failure(new ApiException(ErrorCode.SERVICE_UNAVAILABLE, "Redis away"))
                : Uni.createFrom().item("applied"));
        CompletableFuture<String> later = new CompletableFuture<>();
        context.runOnContext(start -> Retry.UNTIL_APPLIED.around(unavailable).subscribe().with(later::complete, later::completeExceptionally));
        assertThat(later.get(10, TimeUnit.SECONDS)).isEqualTo("applied");
    }

    @Test
    void theBackOffDoublesFromTheFirstToTheMost() {
        assertThat(List.of(1L, 2L, 3L, 4L, 5L, 6L, 8L, 64L).stream().map(Retry.THEN_FAIL::backOffMillis).toList())
                .containsExactly(200L, 400L, 800L, 1600L, 3200L, 5000L, 5000L, 5000L);
        assertThat(Retry.UNTIL_APPLIED.backOffMillis(Long.MAX_VALUE)).isEqualTo(10_000L);
    }

    /**
     * Data PostgreSQL refuses on every try (a NUL in a text: 22021; too long: 22001; an index row too
     * large: 54000), wrapped or not, is not retried: the consumer parks the event, never holds its
     * channel on it. A unique violation or a lost connection may pass, and is retried.
     */
    @Test
    void dataTheDatabaseRefusesOnEveryTryIsNotRetried() {
        PgException nul = new PgException("invalid byte sequence for encoding \"UTF8\": 0x00", "ERROR", "22021", null);
        assertThat(Retry.mayPass(nul)).isFalse();
        assertThat(Retry.mayPass(new java.util.concurrent.CompletionException(nul))).isFalse();
        assertThat(Retry.mayPass(new PgException("value too long", "ERROR", "22001", null))).isFalse();
        assertThat(Retry.mayPass(new PgException("index row size exceeds maximum", "ERROR", "54000", null))).isFalse();
        assertThat(Retry.mayPass(new PgException("violates check constraint", "ERROR", "23514", null))).isFalse();
        assertThat(Retry.mayPass(new java.time.DateTimeException("year out of range"))).isFalse();
        assertThat(Retry.mayPass(new PgException("duplicate key", "ERROR", "23505", null))).isTrue();
        assertThat(Retry.mayPass(new PgException("terminating connection", "FATAL", "57P01", null))).isTrue();
        assertThat(Retry.mayPass(new IllegalStateException("the database is away"))).isTrue();
        assertThat(Retry.whyNot(new java.util.concurrent.CompletionException(nul)))
                .isEqualTo("PostgreSQL refuses it (SQLSTATE 22021): invalid byte sequence for encoding \"UTF8\": 0x00");
        assertThat(Retry.whyNot(new ApiException(ErrorCode.EVENT_ID_REUSED, "another movement"))).startsWith("refused (event_id_reused)");
    }
}
