package com.platformeconomy.goal.portfolio;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.time.Instant;

/** The paper book of one goal: whole-token cash and the P&L its closed trades realised. */
@Entity
public class PaperPortfolio extends PanacheEntityBase {

    @Id
    public String goalId;
    public long cashTokens;
    public long realisedPnlTokens;
    public Instant updatedAt;
}
