package com.platformeconomy.settlement.usage;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import java.math.BigDecimal;
import java.time.OffsetDateTime;

/**
 * A metered API call a node paid for, and whether it has been settled (seeds/001). A usage id is
 * the node's own (SPEC §10 "with someone else's id"): the record is known by its node and usage id.
 */
@Entity
@IdClass(MeteredUsage.Key.class)
public class MeteredUsage extends PanacheEntityBase {

    /** A record's identity: its node, and the usage id the node's reporter gave it. */
    public static class Key implements java.io.Serializable {
        public String nodeId;
        public String usageId;

        public Key() {
        }

        public Key(String nodeId, String usageId) {
            this.nodeId = nodeId;
            this.usageId = usageId;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && nodeId.equals(key.nodeId) && usageId.equals(key.usageId);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(nodeId, usageId);
        }
    }

    @Id
    public String nodeId;
    @Id
    public String usageId;
    public String operatorId;
    public String modelId;
    public String taskSource;
    public long tokensIn;
    public long tokensOut;
    @Column(precision = 20, scale = 6)
    public BigDecimal actualUsdCost;
    public String settlementStatus;
    public OffsetDateTime recordedAt;
    public java.util.UUID authorizationId;
    /** What settlement may pay for this record (at most its authorization); null when it is not payable. */
    @Column(precision = 20, scale = 6)
    public BigDecimal payableUsd;
    public String notPayableReason;
    /**
     * Whether the suite knows who reported it: an authenticated REST caller. A record from
     * metered.usage proves no operator (the node agents share one credential).
     */
    public boolean reporterKnown;

    public static final String OWN = "own";

    public SettlementStatus status() {
        return SettlementStatus.of(settlementStatus);
    }

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
