package com.platformeconomy.revenue.page;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** The platform excess against the auto-funding threshold: how far along it is, for a meter. */
public record Threshold(BigDecimal excess, long threshold, BigDecimal percent, BigDecimal meter) {

    static Threshold of(BigDecimal excess, long threshold) {
        BigDecimal limit = BigDecimal.valueOf(threshold);
        BigDecimal percent = threshold <= 0 ? BigDecimal.ZERO
                : excess.multiply(BigDecimal.valueOf(100)).divide(limit, 2, RoundingMode.DOWN);
        BigDecimal meter = excess.max(BigDecimal.ZERO).min(limit);
        return new Threshold(excess, threshold, percent, meter);
    }

    public boolean reached() {
        return excess.compareTo(BigDecimal.valueOf(threshold)) >= 0;
    }
}
