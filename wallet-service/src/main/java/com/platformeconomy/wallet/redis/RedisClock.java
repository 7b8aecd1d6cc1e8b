package com.platformeconomy.wallet.redis;

import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import com.platformeconomy.wallet.config.WalletConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Default;
import java.time.Clock;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * How far Redis' clock is from the wallet's. Every movement carries a deadline in the wallet's time
 * (LuaScripts.deadline, wallet.redis.late-after past its sending) that Redis checks against its own
 * ({@code TIME}, common.lua refuse_if_late). With Redis' clock behind the wallet's, a request held
 * in the client's queue behind a frozen node would still run once its caller's retry's record has
 * expired and move the tokens twice; with it ahead, every movement is refused as late. So each master
 * is asked its time every few seconds (the offset: its time less the midpoint of the wallet's before
 * and after; the farthest master's is kept), shown as {@code wallet_redis_clock_offset_milliseconds}
 * (positive: Redis ahead), and past {@code wallet.redis.clock-tolerance} the wallet is not ready and
 * refuses every movement with 503, saying why (nothing moves). Until the first reading (at start) the
 * wallet is not ready; a failed reading keeps the last.
 */
@ApplicationScoped
@Readiness
@Default // also the bean LuaScripts asks for (@Readiness is a qualifier)
public class RedisClock implements HealthCheck {

    /** Not measured yet. */
    private static final long UNKNOWN = Long.MIN_VALUE;

    private final RedisMasters masters;
    private final Clock clock;
    private final long toleranceMillis;
    private volatile long offsetMillis = UNKNOWN;

    public RedisClock(RedisMasters masters, Clock clock, WalletConfig config, MeterRegistry registry) {
        this.masters = masters;
        this.clock = clock;
        // At most a third of the idempotency window, as late-after (LuaScripts): a late request runs in Redis at most
        // late-after + the offset after its sending, which must stay short of the window its retry's record lives.
        this.toleranceMillis = Math.min(config.redis().clockTolerance().toMillis(), config.idempotencyWindow().toMillis() / 3);
        Gauge.builder("wallet.redis.clock.offset", this, c -> c.offsetMillis == UNKNOWN ? Double.NaN : c.offsetMillis)
                .baseUnit("milliseconds")
                .description("Redis' clock less the wallet's (on a cluster, the farthest master's); the wallet refuses "
                        + "movements past wallet.redis.clock-tolerance")
                .register(registry);
    }

    @Scheduled(every = "${wallet.redis.clock-interval:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> read() {
        return masters.ask(node -> {
                    long sent = clock.millis();
                    return node.send(Request.cmd(Command.TIME)).map(time -> offset(sent, time, clock.millis()));
                })
                .invoke(offsets -> offsetMillis = farthest(offsets))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Redis' time ({@code TIME}: seconds, microseconds) less the midpoint of the wallet's before and after asking. */
    static long offset(long sentMillis, Response time, long answeredMillis) {
        long redisMillis = time.get(0).toLong() * 1000 + time.get(1).toLong() / 1000;
        return redisMillis - (sentMillis + answeredMillis) / 2;
    }

    static long farthest(List<Long> offsets) {
        long farthest = 0;
        for (long offset : offsets) {
            if (Math.abs(offset) > Math.abs(farthest)) {
                farthest = offset;
            }
        }
        return farthest;
    }

    /**
     * Refuses a movement (503) while Redis' clock is past the tolerance from the wallet's: its
     * deadline would not mean what it says. Called where each movement's deadline is made.
     */
    void refuseIfApart() {
        long offset = offsetMillis;
        if (offset != UNKNOWN && Math.abs(offset) > toleranceMillis) {
            throw new ApiException(ErrorCode.SERVICE_UNAVAILABLE, "Redis' clock is " + Math.abs(offset) + " ms "
                    + (offset > 0 ? "ahead of" : "behind") + " the wallet's, more than wallet.redis.clock-tolerance ("
                    + toleranceMillis + " ms): a movement's deadline would not hold, so nothing moved. Set the hosts' clocks "
                    + "right (NTP); the same request again then gets its outcome.");
        }
    }

    @Override
    public HealthCheckResponse call() {
        long offset = offsetMillis;
        if (offset == UNKNOWN) {
            return HealthCheckResponse.named("Redis clock").down().withData("reason", "not measured yet").build();
        }
        return HealthCheckResponse.named("Redis clock").status(Math.abs(offset) <= toleranceMillis)
                .withData("offset_ms", offset).withData("tolerance_ms", toleranceMillis).build();
    }
}
