package com.platformeconomy.revenue.wallet;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Counts and totals of wallet-service's active holds (escrows): the dashboard's compute_borrowing. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HoldStats(@JsonProperty("active_escrows") long activeEscrows,
                        @JsonProperty("total_spark_escrowed") long totalSparkEscrowed) {
}
