package com.platformeconomy.wallet.reconciliation;

import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import com.platformeconomy.wallet.redis.Answered;
import com.platformeconomy.wallet.redis.Keys;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.event.Observes;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import com.platformeconomy.wallet.redis.WalletRedis;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Reconciliation on a timer, for an operator's alert (issue #21): every
 * {@code wallet.reconciliation.check-interval} the same comparison as {@code GET /v1/admin/reconciliation}
 * runs, and its result becomes gauges: {@code wallet.reconciliation.drift.accounts} (accounts whose
 * Redis balance differs from the ledger) and {@code wallet.reconciliation.drift.tokens} (the sum of
 * the differences' sizes), and {@code wallet.reconciliation.escrow.unmatched} (captures through escrow
 * whose two legs do not pair up in the ledger; any makes the outcome {@code drift});
 * {@code wallet.reconciliation.runs} counts the checks by outcome.
 *
 * <p>Bounded: the comparison reads every balance in one Redis script, which blocks Redis for as
 * long as it runs, so a check is skipped (outcome {@code skipped}, gauges unchanged) when there are
 * more than {@code wallet.reconciliation.check-max-accounts} accounts; the admin route still runs
 * it on demand. A ledger that cannot catch up within the reconciliation's timeout is
 * {@code ledger_behind}, never counted as drift. It moves nothing, with one exception: a Redis that
 * went back in time (its movement counter below a seq the ledger booked) is stopped at start and by
 * every check, its counter removed so that nothing moves until an admin's rebuild
 * ({@link ReconciliationService#stopBucketsBehindTheLedger}), outcome {@code redis_behind}. Once it
 * numbers a movement again, the ledger checks it sooner, as it books it (ledger/LedgerConsumer).
 */
@ApplicationScoped
@Startup
public class DriftCheck {

    private static final Logger LOG = Logger.getLogger(DriftCheck.class);
    static final String RUNS = "wallet.reconciliation.runs";
    static final List<String> OUTCOMES = List.of("clean", "drift", "redis_behind", "ledger_behind", "skipped", "failed");

    private final ReconciliationService reconciliation;
    private final Answered answered;
    private final ReconciliationConfig config;
    private final WalletRedis redis;
    private final MeterRegistry registry;
    private final AtomicLong driftAccounts = new AtomicLong();
    private final AtomicLong driftTokens = new AtomicLong();
    private final AtomicLong unmatchedEscrowLegs = new AtomicLong();

    private final Keys keys;

    public DriftCheck(Keys keys, ReconciliationService reconciliation, ReconciliationConfig config, WalletRedis redis, MeterRegistry registry,
                      Answered answered) {
        this.answered = answered;
        this.keys = keys;
        this.reconciliation = reconciliation;
        this.config = config;
        this.redis = redis;
        this.registry = registry;
        Gauge.builder("wallet.reconciliation.drift.accounts", driftAccounts, AtomicLong::get)
                .description("accounts whose Redis balance differed from the ledger at the last periodic check")
                .register(registry);
        Gauge.builder("wallet.reconciliation.drift.tokens", driftTokens, AtomicLong::get)
                .description("the sum of |Redis balance - ledger balance| over those accounts").register(registry);
        Gauge.builder("wallet.reconciliation.escrow.unmatched", unmatchedEscrowLegs, AtomicLong::get)
                .description("captures through escrow (a payee in another Redis bucket) whose two legs did not pair up "
                        + "in the ledger at the last periodic check (up to 100)").register(registry);
        OUTCOMES.forEach(outcome -> registry.counter(RUNS, "outcome", outcome));
    }

    /** A Redis restored from an older volume while the wallet was down is stopped before the first check. */
    void atStart(@Observes StartupEvent started) {
        reconciliation.stopBucketsBehindTheLedger().subscribe().with(
                stopped -> { }, // counted and logged by BucketStops
                failure -> LOG.warnf("the movement counters could not be held against the ledger at start: %s", failure.getMessage()));
    }

    @Scheduled(every = "${wallet.reconciliation.check-interval:5m}", delayed = "${wallet.reconciliation.check-delay:1m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return check().replaceWithVoid();
    }

    /**
     * One check; its outcome (one of {@link #OUTCOMES}). First, a Redis that went back in time
     * (a counter below the ledger's) is stopped ({@link ReconciliationService#stopBucketsBehindTheLedger}):
     * {@code redis_behind} (BucketStops counts the buckets stopped).
     */
    public Uni<String> check() {
        return reconciliation.stopBucketsBehindTheLedger().chain(stopped -> {
            if (!stopped.isEmpty()) {
                return Uni.createFrom().item("redis_behind");
            }
            return compare();
        }).onFailure().recoverWithItem(failure -> {
            if (failure instanceof ApiException api && api.errorCode() == ErrorCode.LEDGER_BEHIND) {
                return "ledger_behind";
            }
            LOG.warnf("periodic reconciliation failed: %s", failure.getMessage());
            return "failed";
        }).invoke(outcome -> registry.counter(RUNS, "outcome", outcome).increment());
    }

    private Uni<String> compare() {
        Uni<List<Response>> counted = keys.eachBucket(bucket ->
                answered.within(redis.call(Command.SCARD, bucket.accounts())));
        return counted.chain(counts -> {
            long accounts = counts.stream().mapToLong(count -> count == null ? 0 : count.toLong()).sum();
            if (accounts > config.checkMaxAccounts()) {
                LOG.infof("periodic reconciliation skipped: %d accounts, more than wallet.reconciliation.check-max-accounts=%d",
                        accounts, config.checkMaxAccounts());
                return Uni.createFrom().item("skipped");
            }
            return reconciliation.reconcile().map(report -> {
                driftAccounts.set(report.drift().size());
                driftTokens.set(report.drift().stream().mapToLong(d -> Math.abs(d.difference())).sum());
                unmatchedEscrowLegs.set(report.unmatchedEscrowLegs().size());
                return report.drift().isEmpty() && report.unmatchedEscrowLegs().isEmpty() ? "clean" : "drift";
            });
        });
    }
}
