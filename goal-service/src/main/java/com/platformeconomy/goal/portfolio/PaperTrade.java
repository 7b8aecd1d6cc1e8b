package com.platformeconomy.goal.portfolio;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import java.math.BigDecimal;
import java.time.Instant;

/** An accepted paper trade and what it did to cash and realised P&L. */
@Entity
public class PaperTrade extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long tradeId;
    public String goalId;
    public String side;
    public String symbol;
    @Column(precision = 30, scale = 8)
    public BigDecimal quantity;
    @Column(precision = 30, scale = 8)
    public BigDecimal price;
    public long cashDeltaTokens;
    public long realisedPnlTokens;
    public Instant tradedAt;
}
