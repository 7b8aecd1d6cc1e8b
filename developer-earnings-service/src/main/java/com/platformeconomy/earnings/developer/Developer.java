package com.platformeconomy.earnings.developer;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** A developer, created at first use with the explorer tier. Its id is its wallet account (dev:…). */
@Entity
@Table(name = "developers")
public class Developer extends PanacheEntityBase {

    @Id
    public String developerId;
    public String tier;
    /** When a bought or granted tier ends; null for explorer, which never expires. */
    public OffsetDateTime tierExpiresAt;
    /** The admin who granted the tier in force (four eyes: it approves none of the developer's apps); null when bought. */
    public String tierGrantedBy;
    public OffsetDateTime createdAt;
    public OffsetDateTime updatedAt;

    /** The tier in force at {@code now}: an expired tier falls back to explorer. */
    public Tier effectiveTier(OffsetDateTime now) {
        Tier stored = Tier.parse(tier).orElse(Tier.EXPLORER);
        if (stored != Tier.EXPLORER && tierExpiresAt != null && !tierExpiresAt.isAfter(now)) {
            return Tier.EXPLORER;
        }
        return stored;
    }
}
