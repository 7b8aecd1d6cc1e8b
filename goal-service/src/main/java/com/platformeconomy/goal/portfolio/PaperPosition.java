package com.platformeconomy.goal.portfolio;

import com.platformeconomy.contracts.money.PaperRounding;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;

/** A holding of one symbol: exact quantity, what it cost in whole tokens, and the last price a trade gave it. */
@Entity
@Table(name = "paper_position")
public class PaperPosition extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "position_id")
    public Long positionId;
    @Column(name = "goal_id")
    public String goalId;
    public String symbol;
    @Column(precision = 30, scale = 8)
    public BigDecimal quantity;
    @Column(name = "cost_tokens")
    public long costTokens;
    @Column(name = "last_price", precision = 30, scale = 8)
    public BigDecimal lastPrice;

    /** What the holding is worth at its last price, in whole tokens (rounded down: never overstated). */
    public long marketValueTokens() {
        return PaperRounding.proceedsTokens(quantity, lastPrice);
    }
}
