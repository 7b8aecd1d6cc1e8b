package com.platformeconomy.earnings.adjustment;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** A signed correction of a developer's earnings by an admin (chargebacks, disputes), always with a note. */
@Entity
@Table(name = "earnings_adjustments")
public class Adjustment extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long adjustmentId;
    public String developerId;
    public long amount;
    public String adminNote;
    public String createdBy;
    public OffsetDateTime createdAt;
}
