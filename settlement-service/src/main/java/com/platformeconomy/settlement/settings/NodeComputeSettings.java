package com.platformeconomy.settlement.settings;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.math.BigDecimal;
import java.time.OffsetDateTime;

/** A node's compute settings (the source's NodeComputeConfig plus its provider identity). */
@Entity
public class NodeComputeSettings extends PanacheEntityBase {

    @Id
    public String nodeId;
    public String operatorId;
    public String nodeTier;
    public String computePolicy;
    public String hiveComputePolicy;
    public int maxHiveGpuPct;
    public boolean allowMeteredForHive;
    @Column(precision = 20, scale = 6)
    public BigDecimal meteredDailyLimitUsd;
    @Column(precision = 6, scale = 2)
    public BigDecimal offeredGpuHoursPerDay;
    public boolean acceptThoughtExperiments;
    public boolean acceptFrontierTraining;
    public boolean autoSettle;
    public long minSettlementSpark;
    public String causeAlignment;
    @Column(precision = 10, scale = 6)
    public BigDecimal electricityRateKwh;
    public OffsetDateTime joinedAt;
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
