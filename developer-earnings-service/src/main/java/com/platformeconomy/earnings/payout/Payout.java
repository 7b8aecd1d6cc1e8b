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
    @Column(name = "payout_id")
    public Long payoutId;
    @Column(name = "developer_id")
    public String developerId;
    @Column(name = "amount_tokens")
    public long amountTokens;
    @Column(name = "usd_per_token", precision = 20, scale = 6)
    public BigDecimal usdPerToken;
    @Column(name = "amount_usd", precision = 20, scale = 6)
    public BigDecimal amountUsd;
    public String status;
    @Column(name = "requested_at")
    public OffsetDateTime requestedAt;
    @Column(name = "decided_at")
    public OffsetDateTime decidedAt;
    @Column(name = "paid_at")
    public OffsetDateTime paidAt;
}
