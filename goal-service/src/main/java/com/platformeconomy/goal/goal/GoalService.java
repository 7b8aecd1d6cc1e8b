package com.platformeconomy.goal.goal;

import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import com.platformeconomy.goal.config.GoalConfig;
import com.platformeconomy.goal.portfolio.PortfolioService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Creates trading goals once per request id, and finds them. */
@ApplicationScoped
@io.quarkus.runtime.Startup
public class GoalService {

    /** The outcome of a request: the stored goal, and whether this call created it. */
    public record Created(TradingGoal goal, boolean created) {
    }

    static final Set<String> STATUSES = java.util.Arrays.stream(GoalStatus.values()).map(GoalStatus::wire)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());
    private static final int LIST_LIMIT = 500;

    private static final String INSERT = """
            INSERT INTO trading_goal (goal_id, request_id, type, title, strategy, market, budget_tokens,
                                      max_loss_percent, mode, status, funding_source, created_by)
            VALUES (:goalId, :requestId, :type, :title, :strategy, :market, :budget,
                    :maxLoss, '$PAPER', '$ACTIVE', :fundingSource, :createdBy)
            ON CONFLICT (request_id) DO NOTHING"""
            .replace("$PAPER", GoalMode.PAPER.wire()).replace("$ACTIVE", GoalStatus.ACTIVE.wire());

    /**
     * One request id decided at a time across replicas: a create and a refusal of the same id (a
     * redelivery on another replica while the first still refuses it) never both commit. The two-key
     * form, with a class of its own, keeps clear of the outbox relay's one-key locks.
     */
    private static final String DECIDING = "SELECT CAST(pg_advisory_xact_lock(7401, hashtext(:requestId)) AS text)";
    private static final String REFUSED = "SELECT count(*) FROM goal_request_refused WHERE request_id = :requestId";
    private static final String REFUSE = "INSERT INTO goal_request_refused (request_id) VALUES (:requestId) ON CONFLICT DO NOTHING";

    private final GoalConfig config;
    private final PortfolioService portfolios;
    private final GoalEvents events;
    private final Counter goalsCreated;

    public GoalService(GoalConfig config, PortfolioService portfolios, GoalEvents events, MeterRegistry registry) {
        this.config = config;
        this.portfolios = portfolios;
        this.events = events;
        this.goalsCreated = Counter.builder("goals.created").description("trading goals created").register(registry);
    }

    /**
     * Creates the goal {@code spec} asks for, or returns the one its request id already created.
     * The same request id with other values is refused (409); so is a new request for a live goal,
     * since only a passed vote makes a goal live, and one over {@code goal.max-budget-tokens}.
     */
    @WithTransaction
    public Uni<Created> create(NewGoal spec) {
        // A request for a live goal is refused whatever its id: only a passed vote makes one live.
        if (GoalMode.LIVE.wire().equals(spec.mode())) {
            return Uni.createFrom().failure(liveRequiresVote());
        }
        // A request id seen before is answered its first decision, whatever the rules say now (a
        // lowered goal.max-budget-tokens): judged again, a redelivered request for a goal that exists
        // would be refused, and told to revenue-service as refused, which would fund that excess again.
        // A request id once refused (and told so) stays refused, for the same reason: revenue-service
        // has given that decision's excess back, so a goal for it now would fund the excess twice.
        return deciding(spec.requestId())
                .<TradingGoal>chain(() -> TradingGoal.<TradingGoal>find("requestId", spec.requestId()).firstResult())
                .chain(stored -> {
                    if (stored == null) {
                        return wasRefused(spec.requestId()).chain(refused -> refused
                                ? Uni.createFrom().failure(refusedBefore(spec))
                                : createNew(spec));
                    }
                    if (!stored.sameAs(spec)) {
                        return Uni.createFrom().failure(reused(spec));
                    }
                    return Uni.createFrom().item(new Created(stored, false));
                });
    }

    private Uni<Created> createNew(NewGoal spec) {
        if (spec.budgetTokens() > config.maxBudgetTokens()) {
            return Uni.createFrom().failure(new ApiException(ErrorCode.BUDGET_TOO_LARGE,
                    "budget_tokens may be at most " + config.maxBudgetTokens() + "."));
        }
        // ON CONFLICT makes concurrent replays safe: exactly one insert wins, the others read it.
        return TradingGoal.getSession()
                .chain(session -> session.createNativeQuery(INSERT)
                        .setParameter("goalId", UUID.randomUUID().toString())
                        .setParameter("requestId", spec.requestId())
                        .setParameter("type", spec.type())
                        .setParameter("title", spec.title())
                        .setParameter("strategy", spec.strategy())
                        .setParameter("market", spec.market())
                        .setParameter("budget", spec.budgetTokens())
                        .setParameter("maxLoss", spec.maxLossPercent())
                        .setParameter("fundingSource", spec.fundingSource())
                        .setParameter("createdBy", spec.createdBy())
                        .executeUpdate())
                .chain(inserted -> TradingGoal.<TradingGoal>find("requestId", spec.requestId()).firstResult()
                        .chain(stored -> {
                            if (inserted == 0) {
                                if (!stored.sameAs(spec)) {
                                    return Uni.createFrom().failure(reused(spec));
                                }
                                return Uni.createFrom().item(new Created(stored, false));
                            }
                            return portfolios.open(stored)
                                    .chain(() -> events.changed(stored, GoalEvents.CREATED))
                                    .invoke(() -> goalsCreated.increment())
                                    .replaceWith(new Created(stored, true));
                        }));
    }

    private static Uni<Boolean> wasRefused(String requestId) {
        return TradingGoal.getSession().chain(session -> session.createNativeQuery(REFUSED, Long.class)
                .setParameter("requestId", requestId).getSingleResult()).map(count -> count > 0);
    }

    /**
     * Records that the request {@code requestId} was refused and tells goals.events, in the caller's
     * transaction: from then on {@link #create} refuses that request id, on a redelivery, an admin's
     * replay of the parked request or over REST. Idempotent.
     */
    public Uni<Void> refused(String requestId, long budgetTokens, String fundingSource) {
        // A goal of this request id (made meanwhile on another replica, or the one a request reusing its
        // id with other values collided with) stands: telling revenue-service "refused" would free its excess.
        return deciding(requestId)
                .<TradingGoal>chain(() -> TradingGoal.<TradingGoal>find("requestId", requestId).firstResult())
                .chain(stored -> stored != null ? Uni.createFrom().voidItem() : TradingGoal.getSession()
                        .chain(session -> session.createNativeQuery(REFUSE).setParameter("requestId", requestId).executeUpdate())
                        .chain(() -> events.refused(requestId, budgetTokens, fundingSource)));
    }

    private static Uni<Void> deciding(String requestId) {
        return TradingGoal.getSession().chain(session -> session.createNativeQuery(DECIDING, String.class)
                .setParameter("requestId", requestId).getSingleResult()).replaceWithVoid();
    }

    private static ApiException refusedBefore(NewGoal spec) {
        return new ApiException(ErrorCode.REQUEST_ID_REUSED, "request_id " + spec.requestId()
                + " was refused and told so; it stays refused. A new request needs a new request_id.");
    }

    private static ApiException reused(NewGoal spec) {
        return new ApiException(ErrorCode.REQUEST_ID_REUSED, "request_id " + spec.requestId() + " already created a goal with other values.");
    }

    @WithSession
    public Uni<TradingGoal> get(String goalId) {
        return TradingGoal.<TradingGoal>findById(goalId).onItem().ifNull().failWith(() -> notFound(goalId));
    }

    /** The goal, locked for the rest of the caller's transaction: every change to a goal or its book goes through here. */
    public static Uni<TradingGoal> lock(String goalId) {
        return TradingGoal.<TradingGoal>findById(goalId, LockModeType.PESSIMISTIC_WRITE)
                .onItem().ifNull().failWith(() -> notFound(goalId));
    }

    @WithSession
    public Uni<List<TradingGoal>> list(String type, String status, String requestId) {
        if (status != null && !STATUSES.contains(status)) {
            return Uni.createFrom().failure(new ApiException(ErrorCode.INVALID_STATUS,
                    "status must be one of active, stopped, completed."));
        }
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters parameters = new Parameters();
        if (type != null) {
            query.append(" and type = :type");
            parameters.and("type", type);
        }
        if (status != null) {
            query.append(" and status = :status");
            parameters.and("status", status);
        }
        if (requestId != null) {
            query.append(" and requestId = :requestId");
            parameters.and("requestId", requestId);
        }
        return TradingGoal.<TradingGoal>find(query.toString(), Sort.descending("createdAt").and("goalId"), parameters)
                .range(0, LIST_LIMIT - 1).list();
    }

    public static ApiException notFound(String goalId) {
        return new ApiException(ErrorCode.GOAL_NOT_FOUND, "No goal " + goalId + ".");
    }

    public static ApiException liveRequiresVote() {
        return new ApiException(ErrorCode.LIVE_REQUIRES_VOTE,
                "A goal goes live only through a passed live-trading vote (POST /api/goals/{id}/live-proposal).");
    }
}
