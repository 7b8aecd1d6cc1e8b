package com.platformeconomy.earnings.app;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
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
    @Column(name = "app_id")
    public String appId;
    @Column(name = "developer_id")
    public String developerId;
    public String name;
    public String status;
    @Column(name = "pricing_model")
    public String pricingModel;
    @Column(name = "base_price")
    public long basePrice;
    @Column(name = "platform_fee")
    public long platformFee;
    /** The platform fee an admin set for this app; null: the configured default. */
    @Column(name = "platform_fee_override")
    public Long platformFeeOverride;
    /** Fixed at approval from the developer's tier; null until first approved. */
    @Column(name = "revenue_split_dev")
    public Integer revenueSplitDev;
    /** Grows with every change, so readers of the compacted app.catalog keep the newest. */
    @Version
    public long version;
    /** Edited while suspended: an admin must review it again (submit → pending_review) before it is active. */
    @Column(name = "changed_since_approval")
    public boolean changedSinceApproval;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
}
