package com.platformeconomy.settlement.settings;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.OffsetDateTime;

/** A node's compute settings (the source's NodeComputeConfig plus its provider identity). */
@Entity
@Table(name = "node_compute_settings")
public class NodeComputeSettings extends PanacheEntityBase {

    @Id
    @Column(name = "node_id")
    public String nodeId;
    @Column(name = "operator_id")
    public String operatorId;
    @Column(name = "node_tier")
    public String nodeTier;
    @Column(name = "compute_policy")
    public String computePolicy;
    @Column(name = "hive_compute_policy")
    public String hiveComputePolicy;
    @Column(name = "max_hive_gpu_pct")
    public int maxHiveGpuPct;
    @Column(name = "allow_metered_for_hive")
    public boolean allowMeteredForHive;
    @Column(name = "metered_daily_limit_usd", precision = 20, scale = 6)
    public BigDecimal meteredDailyLimitUsd;
    @Column(name = "offered_gpu_hours_per_day", precision = 6, scale = 2)
    public BigDecimal offeredGpuHoursPerDay;
    @Column(name = "accept_thought_experiments")
    public boolean acceptThoughtExperiments;
    @Column(name = "accept_frontier_training")
    public boolean acceptFrontierTraining;
    @Column(name = "auto_settle")
    public boolean autoSettle;
    @Column(name = "min_settlement_spark")
    public long minSettlementSpark;
    @Column(name = "cause_alignment")
    public String causeAlignment;
    @Column(name = "electricity_rate_kwh", precision = 10, scale = 6)
    public BigDecimal electricityRateKwh;
    @Column(name = "joined_at")
    public OffsetDateTime joinedAt;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;

    public static final String CENTRAL = "central";

    /** The settings a node has before anyone changed them (seeds/001 and compute-config defaults). */
    public static NodeComputeSettings defaults(String nodeId, String operatorId, boolean autoSettle, long minSettlementSpark) {
        NodeComputeSettings settings = new NodeComputeSettings();
        settings.nodeId = nodeId;
        settings.operatorId = operatorId;
        settings.nodeTier = "flat";
        settings.computePolicy = "local_preferred";
        settings.hiveComputePolicy = "local_preferred";
        settings.maxHiveGpuPct = 50;
        settings.allowMeteredForHive = false;
        settings.meteredDailyLimitUsd = BigDecimal.ZERO;
        settings.offeredGpuHoursPerDay = BigDecimal.ZERO;
        settings.acceptThoughtExperiments = true;
        settings.acceptFrontierTraining = false;
        settings.autoSettle = autoSettle;
        settings.minSettlementSpark = minSettlementSpark;
        settings.causeAlignment = "democratize_compute";
        settings.electricityRateKwh = BigDecimal.ZERO;
        return settings;
    }

    public boolean isCentral() {
        return CENTRAL.equals(nodeTier);
    }
}
