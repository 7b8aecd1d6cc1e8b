package com.platformeconomy.goal.portfolio;

import com.platformeconomy.contracts.money.PaperRounding;
import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import com.platformeconomy.goal.goal.GoalEvents;
import com.platformeconomy.goal.goal.GoalService;
import com.platformeconomy.goal.goal.GoalStatus;
import com.platformeconomy.goal.goal.TradingGoal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Paper trading: a book per goal that starts with the budget as cash. A trade is refused, and
 * changes nothing, when it would spend past cash or sell more than is held (no short selling) or
 * when the goal is no longer active. A trade after which the loss passes the goal's max loss %
 * stops the goal.
 */
@ApplicationScoped
@io.quarkus.runtime.Startup
public class PortfolioService {

    /** A trade and the book it left. */
    public record Traded(PaperTrade trade, PortfolioView portfolio) {
    }

    private final GoalEvents events;
    private final Counter tradesAccepted;
    private final Counter tradesRefused;
    private final Counter goalsStopped;

    public PortfolioService(GoalEvents events, MeterRegistry registry) {
        this.events = events;
        this.tradesAccepted = Counter.builder("goals.paper_trades").tag("outcome", "accepted")
                .description("paper trades").register(registry);
        this.tradesRefused = Counter.builder("goals.paper_trades").tag("outcome", "refused")
                .description("paper trades").register(registry);
        this.goalsStopped = Counter.builder("goals.stopped").description("goals stopped by their loss limit")
                .register(registry);
    }

    /** Opens a new goal's book with its budget as cash, in the caller's transaction. */
    public Uni<Void> open(TradingGoal goal) {
        PaperPortfolio book = new PaperPortfolio();
        book.goalId = goal.goalId;
        book.cashTokens = goal.budgetTokens;
        book.realisedPnlTokens = 0;
        book.updatedAt = Instant.now();
        return book.persist().replaceWithVoid();
    }

    @WithSession
    public Uni<PortfolioView> portfolio(String goalId) {
        return TradingGoal.<TradingGoal>findById(goalId)
                .onItem().ifNull().failWith(() -> GoalService.notFound(goalId))
                .chain(goal -> PaperPortfolio.<PaperPortfolio>findById(goalId)
                        .chain(book -> PaperPosition.<PaperPosition>list("goalId", goalId)
                                .map(positions -> PortfolioView.of(goal, book, positions))));
    }

    @WithTransaction
    public Uni<Traded> trade(String goalId, PaperTradeRequest request) {
        // The goal row is the lock every change to a goal or its book takes first: two trades at once
        // run one after the other, so neither can spend cash the other already spent.
        return GoalService.lock(goalId)
                .chain(goal -> PaperPortfolio.<PaperPortfolio>findById(goalId, LockModeType.PESSIMISTIC_WRITE)
                        .chain(book -> PaperPosition.<PaperPosition>list("goalId", goalId)
                                .chain(positions -> apply(goal, book, new ArrayList<>(positions), request))))
                .onFailure(ApiException.class).invoke(() -> tradesRefused.increment());
    }

    private Uni<Traded> apply(TradingGoal goal, PaperPortfolio book, List<PaperPosition> positions,
                              PaperTradeRequest request) {
        if (!goal.isActive()) {
            return Uni.createFrom().failure(new ApiException(ErrorCode.GOAL_NOT_ACTIVE,
                    "Goal " + goal.goalId + " is " + goal.status + " and takes no more trades."));
        }
        PaperPosition held = positions.stream().filter(p -> p.symbol.equals(request.symbol())).findFirst().orElse(null);
        // Everything is checked before anything changes: a refused trade leaves the book as it was.
        long cashDelta;
        long realised;
        long costLeaving;
        long equity;
        long realisedAfter;
        long heldCostAfter;
        try {
            if (request.isBuy()) {
                long cost = PaperRounding.costTokens(request.quantity(), request.price());
                if (cost > book.cashTokens) {
                    return Uni.createFrom().failure(new ApiException(ErrorCode.INSUFFICIENT_CASH,
                            "The buy costs " + cost + " tokens; the paper portfolio holds " + book.cashTokens + "."));
                }
                cashDelta = -cost;
                realised = 0;
                costLeaving = -cost;
            } else {
                BigDecimal holding = held == null ? BigDecimal.ZERO : held.quantity;
                if (holding.compareTo(request.quantity()) < 0) {
                    return Uni.createFrom().failure(new ApiException(ErrorCode.INSUFFICIENT_POSITION,
                            "Cannot sell " + request.quantity().toPlainString() + " " + request.symbol() + ": "
                                    + holding.stripTrailingZeros().toPlainString() + " held; short selling is not allowed."));
                }
                long proceeds = PaperRounding.proceedsTokens(request.quantity(), request.price());
                costLeaving = PaperRounding.costShare(held.costTokens, request.quantity(), held.quantity);
                cashDelta = proceeds;
                realised = Math.subtractExact(proceeds, costLeaving);
            }
            equity = equityAfter(book, positions, held, request, cashDelta);
            // The running totals too: trades whose each value fits can still add up past a long.
            realisedAfter = Math.addExact(book.realisedPnlTokens, realised);
            heldCostAfter = Math.subtractExact(held == null ? 0 : held.costTokens, costLeaving);
        } catch (ArithmeticException tooLarge) {
            return Uni.createFrom().failure(new ApiException(ErrorCode.TRADE_TOO_LARGE,
                    "The trade's value does not fit in a token amount."));
        }

        Instant now = Instant.now();
        book.cashTokens += cashDelta;
        book.realisedPnlTokens = realisedAfter;
        book.updatedAt = now;

        Uni<Void> positionChange;
        if (held == null) {
            held = new PaperPosition();
            held.goalId = goal.goalId;
            held.symbol = request.symbol();
            held.quantity = request.quantity();
            held.costTokens = heldCostAfter;
            held.lastPrice = request.price();
            positions.add(held);
            positionChange = held.persist().replaceWithVoid();
        } else {
            held.quantity = request.isBuy() ? held.quantity.add(request.quantity()) : held.quantity.subtract(request.quantity());
            held.costTokens = heldCostAfter;
            held.lastPrice = request.price();
            if (held.quantity.signum() == 0) {
                positions.remove(held);
                positionChange = held.delete();
            } else {
                positionChange = Uni.createFrom().voidItem();
            }
        }

        PaperTrade trade = new PaperTrade();
        trade.goalId = goal.goalId;
        trade.side = request.side();
        trade.symbol = request.symbol();
        trade.quantity = request.quantity();
        trade.price = request.price();
        trade.cashDeltaTokens = cashDelta;
        trade.realisedPnlTokens = realised;
        trade.tradedAt = now;

        return positionChange
                .chain(() -> trade.persist())
                .chain(() -> stopIfLossPassesLimit(goal, equity, now))
                .invoke(() -> tradesAccepted.increment())
                .map(ignored -> new Traded(trade, PortfolioView.of(goal, book, positions)));
    }

    /**
     * The book's equity once the trade is made, computed exactly: a trade after which cash or the book's
     * value would not fit in a token amount (a sale's price revaluing the rest of a large position) throws
     * {@link ArithmeticException} and is refused before anything changes, so every figure the portfolio
     * shows afterwards fits.
     */
    private static long equityAfter(PaperPortfolio book, List<PaperPosition> positions, PaperPosition held,
                                    PaperTradeRequest request, long cashDelta) {
        long equity = Math.addExact(book.cashTokens, cashDelta);
        for (PaperPosition position : positions) {
            if (position != held) {
                equity = Math.addExact(equity, position.marketValueTokens());
            }
        }
        BigDecimal quantityAfter = held == null ? request.quantity()
                : request.isBuy() ? held.quantity.add(request.quantity()) : held.quantity.subtract(request.quantity());
        return Math.addExact(equity, PaperRounding.proceedsTokens(quantityAfter, request.price()));
    }

    private Uni<Void> stopIfLossPassesLimit(TradingGoal goal, long equity, Instant now) {
        if (!goal.lossPassesLimit(goal.budgetTokens - equity)) {
            return Uni.createFrom().voidItem();
        }
        goal.moveTo(GoalStatus.STOPPED);
        goal.updatedAt = now;
        goalsStopped.increment();
        return events.changed(goal, GoalEvents.STOPPED);
    }
}
