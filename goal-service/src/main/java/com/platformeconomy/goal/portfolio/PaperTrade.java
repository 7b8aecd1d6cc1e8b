package com.platformeconomy.goal.portfolio;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;

/** An accepted paper trade and what it did to cash and realised P&L. */
@Entity
@Table(name = "paper_trade")
public class PaperTrade extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "trade_id")
    public Long tradeId;
    @Column(name = "goal_id")
    public String goalId;
    public String side;
    public String symbol;
    @Column(precision = 30, scale = 8)
    public BigDecimal quantity;
    @Column(precision = 30, scale = 8)
    public BigDecimal price;
    @Column(name = "cash_delta_tokens")
    public long cashDeltaTokens;
    @Column(name = "realised_pnl_tokens")
    public long realisedPnlTokens;
    @Column(name = "traded_at")
    public Instant tradedAt;
}
