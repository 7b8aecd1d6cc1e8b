package com.platformeconomy.contracts.money;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Settlement conversion (SPEC §2): {@code spark = max(1, floor(usd × spark_per_usd))}, per usage
 * record. The settlement queries apply it in SQL through {@link #sql}, the same rule written once
 * for PostgreSQL; settlement-service's {@code SparkSqlTwinTest} holds the two to the same answers.
 */
public final class Spark {

    /** SPEC §2's default rate. */
    public static final long DEFAULT_SPARK_PER_USD = 100;

    private Spark() {
    }

    /** Whole spark for a record of {@code usd} (≥ 0, at most 6 decimals) at {@code sparkPerUsd} (> 0). */
    public static long fromUsd(BigDecimal usd, long sparkPerUsd) {
        if (usd.signum() < 0) {
            throw new IllegalArgumentException("usd must not be negative: " + usd);
        }
        if (sparkPerUsd <= 0) {
            throw new IllegalArgumentException("spark_per_usd must be positive: " + sparkPerUsd);
        }
        long spark = usd.multiply(BigDecimal.valueOf(sparkPerUsd)).setScale(0, RoundingMode.FLOOR).longValueExact();
        return Math.max(1, spark);
    }

    /**
     * {@link #fromUsd} as a PostgreSQL expression over a NUMERIC {@code usdExpression} and a BIGINT
     * {@code rateExpression}: FLOOR of a non-negative NUMERIC is the floor, GREATEST the max.
     */
    public static String sql(String usdExpression, String rateExpression) {
        return "GREATEST(1, FLOOR(" + usdExpression + " * " + rateExpression + "))";
    }
}
