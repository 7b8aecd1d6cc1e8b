package com.platformeconomy.revenue.funding;

import com.platformeconomy.contracts.event.CloudEvent;
import com.platformeconomy.contracts.event.GoalRequested;
import com.platformeconomy.contracts.event.Topics;
import com.platformeconomy.platform.outbox.Outbox;
import com.platformeconomy.revenue.config.RevenueConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The auto-funding decision (SPEC §6, seeds/000): when the platform excess reaches the threshold
 * and no auto-funded goal is requested or active, reserve {@code floor(excess × percent / 100)}
 * tokens and request a paper trading goal through the outbox.
 * <p>
 * Exactly one goal per decision: every check takes one transaction-scoped advisory lock, so checks
 * on any number of replicas run one after the other and each sees the decisions committed before
 * it; a unique partial index allows at most one open decision anyway; the request id (and the
 * outbox event id) is the decision's, so goal-service creates at most one goal for it.
 * <p>
 * What is funded: the excess over the last {@code funding-window-days} days (the dashboard's 30),
 * but never more than the all-time excess accrued since the previous decision ({@code excess_mark}),
 * so excess that triggered one decision never counts towards another.
 */
@ApplicationScoped
public class FundingService {

    private static final Logger LOG = Logger.getLogger(FundingService.class);

    static final long FUNDING_LOCK = 0x524556465544474CL; // "REVFUDGL"
    public static final String REQUEST_PREFIX = com.platformeconomy.contracts.event.GoalRequested.AUTO_FUNDING_PREFIX;
    static final String SOURCE = Topics.source(Topics.REVENUE);
    static final String CREATED_BY = "revenue-aggregator";
    static final String FUNDING_SOURCE = com.platformeconomy.contracts.event.GoalRequested.PLATFORM_REVENUE;

    /** The result of one check: whether it decided, why not if not, and the decision in force. */
    public record Outcome(boolean decided,
                          @Schema(enumeration = {"funded", "below_threshold", "nothing_to_reserve", "auto_funded_goal_active",
                                  "refused_recently"})
                          String reason,
                          @Schema(nullable = true, description = "The excess this check could fund; null while a decision is open.")
                          BigDecimal fundableExcess,
                          long threshold,
                          @Schema(nullable = true) String decisionId,
                          @Schema(nullable = true, description = "The goal request's id (goal-service is idempotent on it).") String requestId,
                          @Schema(nullable = true) Long reservedTokens) {
    }

    private static final String LOCK = "SELECT 1 FROM (SELECT pg_advisory_xact_lock(:key)) AS locked";
    private static final String OPEN = """
            SELECT decision_id, request_id, reserved_tokens FROM funding_decision
            WHERE state IN ($OPEN)""".replace("$OPEN", FundingState.sqlList(FundingState::isOpen));
    private static final String SUMS = """
            SELECT COALESCE(sum(amount) FILTER (WHERE stream IN ('api', 'ad') AND day > :since), 0),
                   COALESCE(sum(amount) FILTER (WHERE stream = 'hosting' AND day > :since), 0),
                   COALESCE(sum(amount) FILTER (WHERE stream IN ('api', 'ad')), 0),
                   COALESCE(sum(amount) FILTER (WHERE stream = 'hosting'), 0)
            FROM revenue_rollup""";
    private static final String LAST_MARK = """
            SELECT COALESCE((SELECT excess_mark FROM funding_decision WHERE state <> '$REFUSED'
                             ORDER BY decided_at DESC, decision_id DESC LIMIT 1), 0)""".replace("$REFUSED", FundingState.REFUSED.wire());
    /** 1 when the newest decision was refused less than :seconds ago (database clock), else 0. */
    private static final String REFUSED_RECENTLY = """
            SELECT count(*) FROM (SELECT state, updated_at FROM funding_decision
                                  ORDER BY decided_at DESC, decision_id DESC LIMIT 1) AS newest
            WHERE state = '$REFUSED' AND updated_at > now() - make_interval(secs => :seconds)"""
            .replace("$REFUSED", FundingState.REFUSED.wire());
    private static final String INSERT = """
            INSERT INTO funding_decision (decision_id, request_id, excess, excess_mark, reserved_tokens, state)
            VALUES (:id, :requestId, :excess, :mark, :reserved, '$REQUESTED')"""
            .replace("$REQUESTED", FundingState.REQUESTED.wire());

    private final RevenueConfig config;
    private final Outbox outbox;
    private final Clock clock = Clock.systemUTC();
    private final Counter decisions;

    public FundingService(RevenueConfig config, Outbox outbox, MeterRegistry registry) {
        this.config = config;
        this.outbox = outbox;
        this.decisions = Counter.builder("revenue.funding.decisions")
                .description("auto-funding decisions that requested a trading goal").register(registry);
    }

    @Scheduled(cron = "${revenue.funding-cron}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return tick().invoke(outcome -> {
            if (outcome.decided()) {
                LOG.infof("auto-funding reserved %d tokens, goal request %s", outcome.reservedTokens(), outcome.requestId());
            }
        }).replaceWithVoid();
    }

    /**
     * The admin's check ({@code POST /api/revenue/funding/check}): decides now, even right after a
     * refusal (an admin who raised goal-service's limit asks again).
     */
    @WithTransaction
    public Uni<Outcome> check() {
        return check(false);
    }

    /**
     * The scheduled check: as {@link #check()}, but while the newest decision was refused less than
     * {@code revenue.funding-retry-after} ago it decides nothing ({@code refused_recently}). A refused
     * decision frees its excess, so without this every tick would make a decision, a
     * {@code goals.requests} event and a parked refusal for as long as goal-service refuses.
     */
    @WithTransaction
    public Uni<Outcome> tick() {
        return check(true);
    }

    private Uni<Outcome> check(boolean backOffAfterRefusal) {
        long threshold = config.fundingThreshold();
        return Panache.getSession().chain(session -> session.createNativeQuery(LOCK)
                .setParameter("key", FUNDING_LOCK).getSingleResult()
                .chain(() -> session.createNativeQuery(OPEN, Object[].class).getResultList())
                .chain(open -> {
                    if (!open.isEmpty()) {
                        Object[] row = open.get(0);
                        return Uni.createFrom().item(new Outcome(false, "auto_funded_goal_active", null, threshold,
                                (String) row[0], (String) row[1], ((Number) row[2]).longValue()));
                    }
                    if (!backOffAfterRefusal) {
                        return decide(session, threshold);
                    }
                    return session.createNativeQuery(REFUSED_RECENTLY, Long.class)
                            .setParameter("seconds", (double) config.fundingRetryAfter().toSeconds())
                            .getSingleResult()
                            .chain(recent -> recent.longValue() > 0
                                    ? Uni.createFrom().item(new Outcome(false, "refused_recently", null, threshold,
                                            null, null, null))
                                    : decide(session, threshold));
                }));
    }

    private Uni<Outcome> decide(Mutiny.Session session, long threshold) {
        LocalDate since = LocalDate.now(clock).minusDays(config.fundingWindowDays());
        return session.createNativeQuery(SUMS, Object[].class).setParameter("since", since).getSingleResult()
                .chain(sums -> session.createNativeQuery(LAST_MARK).getSingleResult().chain(lastMark -> {
                    BigDecimal windowExcess = excess(sums[0], sums[1]);
                    BigDecimal allTimeExcess = excess(sums[2], sums[3]);
                    BigDecimal sinceLast = allTimeExcess.subtract(decimal(lastMark));
                    BigDecimal fundable = windowExcess.min(sinceLast);
                    if (fundable.compareTo(BigDecimal.valueOf(threshold)) < 0) {
                        return Uni.createFrom().item(new Outcome(false, "below_threshold", fundable, threshold,
                                null, null, null));
                    }
                    long reserved = fundable.multiply(BigDecimal.valueOf(config.fundingPercent()))
                            .divide(BigDecimal.valueOf(100), 0, RoundingMode.FLOOR).longValueExact();
                    if (reserved < 1) {
                        return Uni.createFrom().item(new Outcome(false, "nothing_to_reserve", fundable, threshold,
                                null, null, null));
                    }
                    String decisionId = UUID.randomUUID().toString();
                    String requestId = REQUEST_PREFIX + decisionId;
                    return session.createNativeQuery(INSERT)
                            .setParameter("id", decisionId)
                            .setParameter("requestId", requestId)
                            .setParameter("excess", fundable)
                            .setParameter("mark", allTimeExcess)
                            .setParameter("reserved", reserved)
                            .executeUpdate()
                            .chain(() -> outbox.add(Topics.GOALS_REQUESTS, request(decisionId, requestId, reserved)))
                            .invoke(() -> decisions.increment())
                            .replaceWith(new Outcome(true, "funded", fundable, threshold, decisionId, requestId, reserved));
                }));
    }

    private CloudEvent<GoalRequested> request(String decisionId, String requestId, long reserved) {
        GoalRequested data = new GoalRequested(requestId, "trading", "Auto-funded from platform revenue excess",
                "long_term", config.fundingMarket(), reserved, config.fundingMaxLossPercent(), "paper",
                FUNDING_SOURCE, CREATED_BY);
        return CloudEvent.of("goal-request:" + decisionId, GoalRequested.TYPE, SOURCE, requestId, Instant.now(clock), data);
    }

    /** Infrastructure and central shares (10% of gross by default) minus hosting payouts, exact. */
    private BigDecimal excess(Object gross, Object hosting) {
        int platformPercent = config.infraPercent() + config.centralPercent();
        return decimal(gross).multiply(BigDecimal.valueOf(platformPercent)).divide(BigDecimal.valueOf(100))
                .subtract(decimal(hosting));
    }

    static BigDecimal decimal(Object value) {
        if (value instanceof BigDecimal big) {
            return big;
        }
        if (value instanceof java.math.BigInteger big) {
            return new BigDecimal(big);
        }
        return BigDecimal.valueOf(((Number) value).longValue());
    }

}
