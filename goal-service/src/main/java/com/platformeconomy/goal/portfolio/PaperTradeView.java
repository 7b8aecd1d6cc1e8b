package com.platformeconomy.goal.portfolio;

import java.math.BigDecimal;
import java.time.Instant;

/** An accepted paper trade and the book after it. */
public record PaperTradeView(
        long tradeId, String goalId, String side, String symbol, BigDecimal quantity, BigDecimal price,
        long cashDeltaTokens, long realisedPnlTokens, Instant tradedAt, PortfolioView portfolio) {

    static PaperTradeView of(PaperTrade trade, PortfolioView portfolio) {
        return new PaperTradeView(trade.tradeId, trade.goalId, trade.side, trade.symbol, trade.quantity, trade.price,
                trade.cashDeltaTokens, trade.realisedPnlTokens, trade.tradedAt, portfolio);
    }
}
