package com.platformeconomy.revenue.node;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Who owns a node, and its tier, as settlement-service registered it (SPEC §10 "Nodes have owners"). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record NodeOwner(String nodeId, String operatorId, String nodeTier) {
}
