package com.platformeconomy.wallet.topup;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** One top-up saga and the step it has reached. */
@Entity
@Table(name = "topups")
public class TopUp extends PanacheEntityBase {

    /** requested → captured → credited; or → failed (nothing captured); or captured → compensating → refunded. */
    public enum State { requested, captured, credited, compensating, refunded, failed }

    @Id
    @Column(name = "topup_id")
    public String topupId;
    public String account;
    @Column(name = "amount_tokens")
    public long amountTokens;
    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    public State state;
    @Column(name = "payment_ref")
    public String paymentRef;
    public String failure;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;

    boolean finished() {
        return state == State.credited || state == State.refunded || state == State.failed;
    }
}
