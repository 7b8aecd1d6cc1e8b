package com.platformeconomy.settlement.usage;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.OffsetDateTime;

/** A metered API call a node paid for, and whether it has been settled (seeds/001). */
@Entity
@Table(name = "metered_usage")
public class MeteredUsage extends PanacheEntityBase {

    @Id
    @Column(name = "usage_id")
    public String usageId;
    @Column(name = "node_id")
    public String nodeId;
    @Column(name = "operator_id")
    public String operatorId;
    @Column(name = "model_id")
    public String modelId;
    @Column(name = "task_source")
    public String taskSource;
    @Column(name = "tokens_in")
    public long tokensIn;
    @Column(name = "tokens_out")
    public long tokensOut;
    @Column(name = "actual_usd_cost", precision = 20, scale = 6)
    public BigDecimal actualUsdCost;
    @Column(name = "settlement_status")
    public String settlementStatus;
    @Column(name = "recorded_at")
    public OffsetDateTime recordedAt;
    @Column(name = "authorization_id")
    public java.util.UUID authorizationId;
    /** What settlement may pay for this record (at most its authorization); null when it is not payable. */
    @Column(name = "payable_usd", precision = 20, scale = 6)
    public BigDecimal payableUsd;
    @Column(name = "not_payable_reason")
    public String notPayableReason;

    public static final String OWN = "own";
    public static final String PENDING = "pending";
    public static final String NOT_PAYABLE = "not_payable";

    /** Whether {@code request} describes this very record, so that its replay is harmless. */
    boolean sameAs(UsageRecordRequest request) {
        return nodeId.equals(request.nodeId())
                // A record sent without an operator was recorded for the node's owner.
                && (request.operatorId() == null || java.util.Objects.equals(operatorId, request.operatorId()))
                && modelId.equals(request.modelId())
                && taskSource.equals(request.taskSource())
                && tokensIn == request.tokensIn()
                && tokensOut == request.tokensOut()
                && actualUsdCost.compareTo(request.actualUsdCost()) == 0
                && java.util.Objects.equals(authorizationId, request.authorizationId());
    }
}
