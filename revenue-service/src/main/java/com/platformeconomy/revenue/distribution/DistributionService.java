package com.platformeconomy.revenue.distribution;

import com.platformeconomy.contracts.money.PoolSplit;
import com.platformeconomy.contracts.money.LargestRemainder;
import com.platformeconomy.contracts.event.SuiteIds;
import com.platformeconomy.contracts.event.CloudEvent;
import com.platformeconomy.contracts.event.RevenueDistributed;
import com.platformeconomy.contracts.event.Topics;
import com.platformeconomy.platform.outbox.Outbox;
import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import com.platformeconomy.revenue.config.RevenueConfig;
import com.platformeconomy.revenue.stream.RollupWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Distributes a closed period's gross (SPEC §6): pools of 90/9/1 % by largest remainder (they sum to
 * the gross), the user pool by contribution score, the infrastructure pool by compute spent (per
 * operator account, summed over its nodes), the central share to the central account, each part by
 * largest remainder. One {@code revenue.distributions} event per credited account through the
 * outbox, with the suite id {@code pes/revenue-distribution/{period}/{pool}/{account}} ({@link SuiteIds}), which no caller can use first.
 * <p>
 * Once per period: the whole run holds the distribution advisory lock exclusively and the period's
 * row is its primary key, so retries and concurrent runs find it done. A pool with no eligible
 * recipient is carried into the next distribution, and so is gross that arrived for a period after
 * it was distributed ('late'): every token of gross is distributed exactly once.
 */
@ApplicationScoped
@io.quarkus.runtime.Startup
public class DistributionService {

    private static final Logger LOG = Logger.getLogger(DistributionService.class);

    public static final String USERS = "users";
    public static final String INFRA = "infra";
    public static final String CENTRAL = "central";
    static final String LATE = "late";
    static final String SOURCE = Topics.source(Topics.REVENUE);

    /** What a run did, or what the period's earlier run did. */
    public record Summary(String period, boolean alreadyDistributed, long periodGross, long lateGross,
                          Map<String, Long> pools, Map<String, Long> paid, Map<String, Long> carried, int recipients) {
    }

    private static final String LOCK = "SELECT 1 FROM (SELECT pg_advisory_xact_lock(:key)) AS locked";
    private static final String EXISTING = """
            SELECT period_gross, late_gross, users_pool, infra_pool, central_pool, users_paid, infra_paid,
                   central_paid, recipients FROM distribution_period WHERE period = :period""";
    private static final String GROSS = """
            SELECT COALESCE(sum(amount), 0) FROM revenue_rollup
            WHERE stream IN ('api', 'ad') AND day >= :start AND day < :end""";
    private static final String MISSED = """
            SELECT DISTINCT to_char(r.day, 'YYYY-MM') AS month FROM revenue_rollup r
            WHERE r.stream IN ('api', 'ad') AND r.amount > 0 AND r.day >= DATE '2000-01-01' AND r.day < :before AND NOT EXISTS (
                SELECT 1 FROM distribution_period d WHERE r.day >= d.period_start AND r.day < d.period_end)
            ORDER BY month""";
    private static final String CARRIES = "SELECT pool, amount FROM distribution_carry ORDER BY pool FOR UPDATE";
    private static final String USERS_WEIGHTS = "SELECT account, score FROM contributions WHERE score > 0 ORDER BY account";
    private static final String INFRA_WEIGHTS = """
            SELECT account, sum(compute_units) FROM compute_report WHERE period = :period AND confirmed_at IS NOT NULL
            GROUP BY account ORDER BY account""";
    private static final String CLAIMS = """
            SELECT count(*) FROM compute_report WHERE period = :period AND confirmed_at IS NULL""";
    private static final String SET_CARRY = "UPDATE distribution_carry SET amount = :amount WHERE pool = :pool";
    private static final String HOSTING = """
            WITH ins AS (INSERT INTO processed_event (event_id) VALUES (:id) ON CONFLICT (event_id) DO NOTHING RETURNING 1)
            INSERT INTO revenue_rollup (day, stream, amount, events)
            SELECT CAST(:day AS date), 'hosting', CAST(:amount AS bigint), 1 FROM ins
            ON CONFLICT (day, stream) DO UPDATE
            SET amount = revenue_rollup.amount + EXCLUDED.amount, events = revenue_rollup.events + 1""";
    private static final String RECORD = """
            INSERT INTO distribution_period (period, period_start, period_end, period_gross, late_gross, users_pool,
                infra_pool, central_pool, users_paid, infra_paid, central_paid, recipients)
            VALUES (:period, :start, :end, :gross, :late, :usersPool, :infraPool, :centralPool, :usersPaid, :infraPaid,
                :centralPaid, :recipients)""";

    private record Credit(String pool, String account, long amount) {
    }

    private final RevenueConfig config;
    private final PoolSplit pools;
    private final Outbox outbox;
    private final Clock clock = Clock.systemUTC();
    private final Counter distributed;
    private final Counter unconfirmedReports;
    private final Counter missedPeriods;
    private final Counter deferredPeriods;
    private final Counter failedRuns;

    public DistributionService(RevenueConfig config, PoolSplit pools, Outbox outbox, MeterRegistry registry) {
        this.config = config;
        this.pools = pools;
        this.outbox = outbox;
        this.unconfirmedReports = Counter.builder("revenue.distribution.unconfirmed_reports")
                .description("operators' compute figures left out of a distribution: no admin confirmed them").register(registry);
        this.failedRuns = Counter.builder("revenue.distribution.failed_runs")
                .description("a month's distribution the daily run could not make (it tries again the next day)").register(registry);
        this.missedPeriods = Counter.builder("revenue.distribution.missed_periods")
                .description("closed months with revenue that no run had distributed, found and distributed by the daily run")
                .register(registry);
        this.deferredPeriods = Counter.builder("revenue.distribution.deferred_runs")
                .description("a closed month the daily run left for later: operators' compute figures in it await an admin")
                .register(registry);
        this.distributed = Counter.builder("revenue.distributed.tokens")
                .description("tokens credited by revenue distributions").register(registry);
    }

    /**
     * Daily: distributes every closed month not distributed yet, oldest first, each in its own
     * transaction: the previous month, and any earlier month with revenue that no run distributed
     * (the service was down from its 2nd to the month's end, or its run failed). A month already
     * distributed is left alone; one whose operators' claims await an admin waits ({@link #distributeEach}).
     */
    @Scheduled(cron = "${revenue.distribution-cron}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        Period previous = Period.containing(LocalDate.now(clock)).previous();
        boolean closed = previous.closedAt(clock.instant(), config.distributionGrace());
        return missed(previous).map(months -> {
            List<Period> due = new ArrayList<>(months);
            if (closed) {
                due.add(previous);
            }
            return due;
        }).chain(this::distributeEach);
    }

    /** Months before {@code before} with revenue in them and no distribution, oldest first. */
    @WithSession
    Uni<List<Period>> missed(Period before) {
        return Panache.getSession().chain(session -> session.createNativeQuery(MISSED, String.class)
                .setParameter("before", before.start()).getResultList())
                .map(months -> {
                    List<Period> periods = months.stream().map(month -> new Period(YearMonth.parse(month))).toList();
                    if (!periods.isEmpty()) {
                        LOG.warnf("months with revenue that were never distributed: %s; distributing them now", months);
                        missedPeriods.increment(periods.size());
                    }
                    return periods;
                });
    }

    /**
     * Each period in turn; one that fails is logged and counted, and the next is still distributed.
     * A period with operators' compute figures no admin has confirmed yet is left for later, for at
     * most {@code revenue.distribution-claims-wait} (P7D) after it closed: once distributed a period
     * takes no more reports, so its claims would never weigh and the confirmed operators would take
     * their share. An admin confirms them (the next daily run distributes the period), or distributes
     * the period by hand without them (POST /api/revenue/distributions/run); past the wait the daily
     * run distributes it without them (an operator re-claiming a changed figure holds it no longer).
     */
    private Uni<Void> distributeEach(List<Period> periods) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Period period : periods) {
            chain = chain.chain(() -> claims(period).chain(claims -> {
                boolean waiting = !period.closedAt(clock.instant(),
                        config.distributionGrace().plus(config.distributionClaimsWait()));
                if (claims > 0 && waiting) {
                    LOG.warnf("%s waits: %d compute report(s) no admin has confirmed yet; confirm them, or distribute it "
                            + "by hand without them (the daily run does, %s after the month closed)", period.id(), claims,
                            config.distributionClaimsWait());
                    deferredPeriods.increment();
                    return Uni.createFrom().voidItem();
                }
                return distributeOne(period);
            }).onFailure().recoverWithUni(failure -> {
                LOG.errorf(failure, "distributing %s failed; the next daily run tries it again", period.id());
                failedRuns.increment();
                return Uni.createFrom().voidItem();
            }));
        }
        return chain;
    }

    /** How many of the period's compute reports are operators' claims no admin has confirmed. */
    private Uni<Long> claims(Period period) {
        return Panache.withSession(() -> Panache.getSession().chain(session -> session.createNativeQuery(CLAIMS)
                .setParameter("period", period.id()).getSingleResult().map(DistributionService::asLong)));
    }

    private Uni<Void> distributeOne(Period period) {
        return run(period).invoke(summary -> {
            if (!summary.alreadyDistributed()) {
                LOG.infof("distributed %s: %s", summary.period(), summary);
            }
        }).replaceWithVoid().onFailure().recoverWithUni(failure -> {
            LOG.errorf(failure, "distributing %s failed; the next daily run tries it again", period.id());
            failedRuns.increment();
            return Uni.createFrom().voidItem();
        });
    }

    /** The period before the current one: what a run without a period distributes. */
    public Period lastClosed() {
        return Period.containing(LocalDate.now(clock)).previous();
    }

    @WithTransaction
    public Uni<Summary> run(Period period) {
        if (!period.closedAt(clock.instant(), config.distributionGrace())) {
            return Uni.createFrom().failure(new ApiException(ErrorCode.PERIOD_NOT_CLOSED,
                    "Period " + period.id() + " is not closed yet; it can be distributed from "
                            + period.end() + " plus " + config.distributionGrace() + "."));
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(LOCK)
                .setParameter("key", RollupWriter.DISTRIBUTION_LOCK).getSingleResult()
                .chain(() -> session.createNativeQuery(EXISTING, Object[].class)
                        .setParameter("period", period.id()).getResultList())
                .chain(existing -> existing.isEmpty()
                        ? distribute(session, period)
                        : Uni.createFrom().item(summaryOf(period, existing.get(0)))));
    }

    /** Operators' figures no admin confirmed weigh nothing (SPEC §10): said, so that an admin sees what was left out. */
    private Uni<Void> unconfirmed(Mutiny.Session session, Period period) {
        return session.createNativeQuery(CLAIMS).setParameter("period", period.id()).getSingleResult()
                .map(DistributionService::asLong)
                .invoke(claims -> {
                    if (claims > 0) {
                        LOG.warnf("distributing %s without %d compute report(s) no admin confirmed", period.id(), claims);
                        unconfirmedReports.increment(claims);
                    }
                })
                .replaceWithVoid();
    }

    private Uni<Summary> distribute(Mutiny.Session session, Period period) {
        return session.createNativeQuery(GROSS).setParameter("start", period.start()).setParameter("end", period.end())
                .getSingleResult().map(DistributionService::asLong)
                .chain(gross -> session.createNativeQuery(CARRIES, Object[].class).getResultList()
                        .chain(carryRows -> {
                            Map<String, Long> carries = new LinkedHashMap<>();
                            carryRows.forEach(row -> carries.put((String) row[0], asLong(row[1])));
                            return weights(session, USERS_WEIGHTS, null).chain(users ->
                                    weights(session, INFRA_WEIGHTS, period.id()).chain(infra ->
                                            unconfirmed(session, period).chain(() ->
                                                    distribute(session, period, gross, carries, users, infra))));
                        }));
    }

    private Uni<Summary> distribute(Mutiny.Session session, Period period, long gross, Map<String, Long> carries,
                                    SortedMap<String, Long> users, SortedMap<String, Long> infra) {
        long late = carries.getOrDefault(LATE, 0L);
        long whole = Math.addExact(gross, late);
        long[] split = pools.split(whole);
        Map<String, Long> pools = new LinkedHashMap<>();
        pools.put(USERS, split[0] + carries.getOrDefault(USERS, 0L));
        pools.put(INFRA, split[1] + carries.getOrDefault(INFRA, 0L));
        pools.put(CENTRAL, split[2] + carries.getOrDefault(CENTRAL, 0L));
        SortedMap<String, Long> central = new TreeMap<>(Map.of(config.centralAccount(), 1L));
        Map<String, SortedMap<String, Long>> recipients = Map.of(USERS, users, INFRA, infra, CENTRAL, central);

        List<Credit> credits = new ArrayList<>();
        Map<String, Long> paid = new LinkedHashMap<>();
        Map<String, Long> carried = new LinkedHashMap<>();
        for (Map.Entry<String, Long> pool : pools.entrySet()) {
            SortedMap<String, Long> weights = recipients.get(pool.getKey());
            if (pool.getValue() == 0 || weights.isEmpty()) {
                paid.put(pool.getKey(), 0L);
                carried.put(pool.getKey(), pool.getValue());
                continue;
            }
            LargestRemainder.split(pool.getValue(), weights).forEach((account, amount) -> {
                if (amount > 0) {
                    credits.add(new Credit(pool.getKey(), account, amount));
                }
            });
            paid.put(pool.getKey(), pool.getValue());
            carried.put(pool.getKey(), 0L);
        }
        LocalDate today = LocalDate.now(clock);
        Instant now = clock.instant();
        return Multi.createFrom().iterable(credits)
                .onItem().transformToUniAndConcatenate(credit -> credit(session, period, credit, today, now))
                .collect().last()
                .chain(() -> setCarry(session, USERS, carried.get(USERS)))
                .chain(() -> setCarry(session, INFRA, carried.get(INFRA)))
                .chain(() -> setCarry(session, CENTRAL, carried.get(CENTRAL)))
                .chain(() -> setCarry(session, LATE, 0L))
                .chain(() -> session.createNativeQuery(RECORD)
                        .setParameter("period", period.id())
                        .setParameter("start", period.start())
                        .setParameter("end", period.end())
                        .setParameter("gross", gross)
                        .setParameter("late", late)
                        .setParameter("usersPool", pools.get(USERS))
                        .setParameter("infraPool", pools.get(INFRA))
                        .setParameter("centralPool", pools.get(CENTRAL))
                        .setParameter("usersPaid", paid.get(USERS))
                        .setParameter("infraPaid", paid.get(INFRA))
                        .setParameter("centralPaid", paid.get(CENTRAL))
                        .setParameter("recipients", credits.size())
                        .executeUpdate())
                .invoke(() -> distributed.increment(paid.values().stream().mapToLong(Long::longValue).sum()))
                .replaceWith(new Summary(period.id(), false, gross, late, pools, paid, carried, credits.size()));
    }

    private Uni<Void> credit(Mutiny.Session session, Period period, Credit credit, LocalDate today, Instant now) {
        String eventId = SuiteIds.revenueDistribution(period.id(), credit.pool(), credit.account());
        RevenueDistributed data = new RevenueDistributed(period.start(), period.end().minusDays(1), credit.pool(),
                credit.account(), credit.amount());
        Uni<Void> queued = outbox.add(Topics.REVENUE_DISTRIBUTIONS,
                CloudEvent.of(eventId, RevenueDistributed.TYPE, SOURCE, credit.account(), now, data));
        if (!INFRA.equals(credit.pool())) {
            return queued;
        }
        // Infrastructure-pool payments to nodes are hosting payouts (SPEC §6), counted the day they are made.
        return queued.chain(() -> session.createNativeQuery(HOSTING)
                .setParameter("id", eventId)
                .setParameter("day", today)
                .setParameter("amount", credit.amount())
                .executeUpdate()).replaceWithVoid();
    }

    private static Uni<Integer> setCarry(Mutiny.Session session, String pool, long amount) {
        return session.createNativeQuery(SET_CARRY).setParameter("pool", pool).setParameter("amount", amount).executeUpdate();
    }

    private static Uni<SortedMap<String, Long>> weights(Mutiny.Session session, String sql, String period) {
        Mutiny.SelectionQuery<Object[]> query = session.createNativeQuery(sql, Object[].class);
        if (period != null) {
            query.setParameter("period", period);
        }
        return query.getResultList().map(rows -> {
            SortedMap<String, Long> weights = new TreeMap<>();
            rows.forEach(row -> weights.put((String) row[0], asLong(row[1])));
            return weights;
        });
    }

    private static Summary summaryOf(Period period, Object[] row) {
        Map<String, Long> pools = new LinkedHashMap<>();
        pools.put(USERS, asLong(row[2]));
        pools.put(INFRA, asLong(row[3]));
        pools.put(CENTRAL, asLong(row[4]));
        Map<String, Long> paid = new LinkedHashMap<>();
        paid.put(USERS, asLong(row[5]));
        paid.put(INFRA, asLong(row[6]));
        paid.put(CENTRAL, asLong(row[7]));
        Map<String, Long> carried = new LinkedHashMap<>();
        pools.forEach((pool, amount) -> carried.put(pool, amount - paid.get(pool)));
        return new Summary(period.id(), true, asLong(row[0]), asLong(row[1]), pools, paid, carried,
                ((Number) row[8]).intValue());
    }

    static long asLong(Object value) {
        if (value instanceof java.math.BigDecimal big) {
            return big.longValueExact();
        }
        return ((Number) value).longValue();
    }
}
