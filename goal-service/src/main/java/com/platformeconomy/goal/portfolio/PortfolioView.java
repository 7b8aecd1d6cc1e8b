package com.platformeconomy.goal.portfolio;

import com.platformeconomy.goal.goal.TradingGoal;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;

/**
 * A goal's paper book as the API shows it. Money is whole tokens; holdings are valued at the last
 * price a trade gave their symbol. {@code equity = cash + market value}, {@code loss = budget − equity}
 * (negative when the book is up), and {@code realised + unrealised = equity − budget}.
 */
public record PortfolioView(
        String goalId, String goalStatus, long budgetTokens, int maxLossPercent, long cashTokens,
        long realisedPnlTokens, long unrealisedPnlTokens, long equityTokens, long lossTokens,
        List<PositionView> positions) {

    public record PositionView(String symbol, BigDecimal quantity, long costTokens, BigDecimal lastPrice,
                               long marketValueTokens, long unrealisedPnlTokens) {
    }

    static PortfolioView of(TradingGoal goal, PaperPortfolio book, List<PaperPosition> holdings) {
        List<PositionView> positions = holdings.stream()
                .sorted(Comparator.comparing(p -> p.symbol))
                .map(p -> new PositionView(p.symbol, p.quantity, p.costTokens, p.lastPrice,
                        p.marketValueTokens(), p.marketValueTokens() - p.costTokens))
                .toList();
        long marketValue = positions.stream().mapToLong(PositionView::marketValueTokens).sum();
        long unrealised = positions.stream().mapToLong(PositionView::unrealisedPnlTokens).sum();
        long equity = book.cashTokens + marketValue;
        return new PortfolioView(goal.goalId, goal.status, goal.budgetTokens, goal.maxLossPercent, book.cashTokens,
                book.realisedPnlTokens, unrealised, equity, goal.budgetTokens - equity, positions);
    }
}
