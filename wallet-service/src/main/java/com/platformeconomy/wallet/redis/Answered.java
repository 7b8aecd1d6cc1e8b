package com.platformeconomy.wallet.redis;

import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import com.platformeconomy.wallet.config.WalletConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;

/**
 * The bound on every call the wallet makes to Redis ({@code wallet.redis.answer-timeout}, 5 s): a
 * call not answered in time fails with a transient refusal (503 on a route; a sweep, the relay or a
 * consumer tries again on its next round). Whether Redis applied a write that timed out is then
 * unknown, as when a connection drops after the request was written: every movement is idempotent
 * on its id, so the same request again gets its outcome.
 *
 * <p>Why a bound: a node that accepts a connection and never answers (its process stopped, its
 * host frozen) held the requests sent to it without end (through the cluster client of Quarkus
 * 3.33, which connects to every node for a request, any request): a route's caller waited, and a
 * scheduled sweep or the relay, which start their next round only once the last one ended, stopped
 * for good. The bound frees the caller, not the client's pool: a request still waiting for its
 * connection stays queued there
 * ({@code quarkus.redis.max-pool-waiting}).
 */
@ApplicationScoped
public class Answered {

    private final Duration timeout;

    @Inject
    public Answered(WalletConfig config) {
        this(config.redis().answerTimeout());
    }

    Answered(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * {@code call}, or a transient 503 refusal once the bound passed without its answer. The refusal
     * is delivered on the caller's Vert.x context, like any answer of the client: Mutiny's timer
     * fires on a worker thread, where what the caller does next (a Panache session, a saga's state
     * written down) would not run.
     */
    public <T> Uni<T> within(Uni<T> call) {
        return Uni.createFrom().deferred(() -> {
            Context caller = Vertx.currentContext();
            Uni<T> bounded = call.ifNoItem().after(timeout).failWith(TimedOut::new);
            return caller == null ? bounded.onFailure(TimedOut.class).transform(this::refusal)
                    : bounded.onFailure(TimedOut.class).recoverWithUni(timedOut -> Uni.createFrom().<T>emitter(
                            emitter -> caller.runOnContext(ignored -> emitter.fail(refusal(timedOut)))));
        });
    }

    private ApiException refusal(Throwable timedOut) {
        return new ApiException(ErrorCode.SERVICE_UNAVAILABLE,
                "Redis did not answer within " + timeout.toMillis() + " ms; the same request again (same id) gets its outcome.");
    }

    /** The bound passed; stackless, it only marks the timer's failure until it is turned into the refusal. */
    private static final class TimedOut extends RuntimeException {
        TimedOut() {
            super("no answer in time", null, false, false);
        }
    }
}
