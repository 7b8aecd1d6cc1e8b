package com.platformeconomy.goal.portfolio;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The paper book of one goal: whole-token cash and the P&L its closed trades realised. */
@Entity
@Table(name = "paper_portfolio")
public class PaperPortfolio extends PanacheEntityBase {

    @Id
    @Column(name = "goal_id")
    public String goalId;
    @Column(name = "cash_tokens")
    public long cashTokens;
    @Column(name = "realised_pnl_tokens")
    public long realisedPnlTokens;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
