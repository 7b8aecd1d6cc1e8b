package com.platformeconomy.earnings.app;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.OffsetDateTime;

/** A developer's app: its life cycle state and its pricing (SPEC §4). */
@Entity
@Table(name = "apps")
public class App extends PanacheEntityBase {

    @Id
    public String appId;
    public String developerId;
    public String name;
    public String status;
    public String pricingModel;
    public long basePrice;
    public long platformFee;
    /** The platform fee an admin set for this app; null: the configured default. */
    public Long platformFeeOverride;
    /** Fixed at approval from the developer's tier; null until first approved. */
    public Integer revenueSplitDev;
    /** Grows with every change, so readers of the compacted app.catalog keep the newest. */
    @Version
    public long version;
    /** Edited while suspended: an admin must review it again (submit → pending_review) before it is active. */
    public boolean changedSinceApproval;
    public OffsetDateTime createdAt;
    public OffsetDateTime updatedAt;

    public AppState state() {
        return AppState.of(status);
    }

    /** Moves the app's state; a move its life cycle forbids throws (Lifecycle.ForbiddenTransition). */
    void moveTo(AppState next) {
        status = state().moveTo(next).wire();
    }
}
