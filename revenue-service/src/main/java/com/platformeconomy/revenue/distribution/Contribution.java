package com.platformeconomy.revenue.distribution;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** An account's contribution score, its weight in the user pool of a distribution. */
@Entity
@Table(name = "contributions")
public class Contribution extends PanacheEntityBase {

    @Id
    public String account;
    public long score;
    @jakarta.persistence.Column(name = "updated_at")
    public OffsetDateTime updatedAt;
}
