package com.platformeconomy.earnings.payout;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.OffsetDateTime;

/** A payout of earned tokens, its USD amount fixed at request: requested → approved → paid, or rejected. */
@Entity
@Table(name = "developer_payouts")
public class Payout extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long payoutId;
    public String developerId;
    public long amountTokens;
    @Column(precision = 20, scale = 6)
    public BigDecimal usdPerToken;
    @Column(precision = 20, scale = 6)
    public BigDecimal amountUsd;
    public String status;
    public OffsetDateTime requestedAt;
    public OffsetDateTime decidedAt;
    /** The admin who approved or rejected it (never the developer itself); null before, and on payouts decided before V6. */
    public String decidedBy;
    public OffsetDateTime paidAt;
    /** The admin who marked it paid. */
    public String paidBy;

    public PayoutState state() {
        return PayoutState.of(status);
    }

    /** Moves the payout's state; a move its life cycle forbids throws (Lifecycle.ForbiddenTransition). */
    void moveTo(PayoutState next) {
        status = state().moveTo(next).wire();
    }
}
