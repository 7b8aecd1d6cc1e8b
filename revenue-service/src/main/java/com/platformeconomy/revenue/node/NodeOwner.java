package com.platformeconomy.revenue.node;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Who owns a node, and its tier, as settlement-service registered it (SPEC §10 "Nodes have
 * owners"), with every owner since its registration ({@code owners}, oldest first; empty from a
 * registry that keeps none).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record NodeOwner(String nodeId, String operatorId, String nodeTier, List<Tenure> owners) {

    /** An operator that owned the node from {@code since} until the next one's since. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Tenure(String operatorId, Instant since) {
    }

    /**
     * The operator that owned the node just before {@code at}: the last owner since before it; the
     * first owner before its registration (nobody else owned it then); the owner now when the
     * registry names no owners.
     */
    public String ownerBefore(Instant at) {
        if (owners == null || owners.isEmpty()) {
            return operatorId;
        }
        List<Tenure> inOrder = owners.stream().sorted(Comparator.comparing(Tenure::since)).toList();
        String owner = inOrder.get(0).operatorId();
        for (Tenure tenure : inOrder) {
            if (tenure.since().isBefore(at)) {
                owner = tenure.operatorId();
            }
        }
        return owner;
    }
}
