package com.platformeconomy.wallet.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The bound on a Redis call: a call that never answers is refused (503) once it passed, and the
 * refusal reaches the caller on the caller's own Vert.x context, as any answer of the client does.
 * Mutiny's timer fires on a worker thread, where the caller's next step (a Panache session: the
 * top-up saga writing down its state) would not run.
 */
class AnsweredTest {

    @Test
    void aCallWithoutAnswerIsRefusedOnTheCallersContext() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            Answered answered = new Answered(Duration.ofMillis(100));
            Context context = vertx.getOrCreateContext();
            CompletableFuture<String> seen = new CompletableFuture<>();
            context.runOnContext(ignored -> answered.within(Uni.createFrom().nothing()).subscribe().with(
                    item -> seen.complete("an item"),
                    failure -> seen.complete((Vertx.currentContext() == context ? "on the caller's context" : "elsewhere, on "
                            + Thread.currentThread().getName()) + ": " + failure.getMessage())));
            assertThat(seen.get(5, TimeUnit.SECONDS)).startsWith("on the caller's context").contains("did not answer within 100 ms");

            // Without a context (a plain thread): refused all the same.
            assertThat(answered.within(Uni.createFrom().<String>nothing()).onFailure().recoverWithItem(failure -> failure.getMessage())
                    .await().atMost(Duration.ofSeconds(5))).contains("did not answer within 100 ms");
            // An answer in time passes untouched.
            assertThat(answered.within(Uni.createFrom().item("answer")).await().atMost(Duration.ofSeconds(5))).isEqualTo("answer");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
