package com.platformeconomy.goal.portfolio;

import com.platformeconomy.contracts.money.PaperRounding;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import java.math.BigDecimal;

/** A holding of one symbol: exact quantity, what it cost in whole tokens, and the last price a trade gave it. */
@Entity
public class PaperPosition extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long positionId;
    public String goalId;
    public String symbol;
    @Column(precision = 30, scale = 8)
    public BigDecimal quantity;
    public long costTokens;
    @Column(precision = 30, scale = 8)
    public BigDecimal lastPrice;

    /** What the holding is worth at its last price, in whole tokens (rounded down: never overstated). */
    public long marketValueTokens() {
        return PaperRounding.proceedsTokens(quantity, lastPrice);
    }
}
