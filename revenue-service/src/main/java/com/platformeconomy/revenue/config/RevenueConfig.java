package com.platformeconomy.revenue.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** revenue-service's settings, with the source document's defaults (seeds/000). */
@ConfigMapping(prefix = "revenue")
public interface RevenueConfig {

    /** Platform excess at which a trading goal is auto-funded (HEVOLVE_REVENUE_FUNDING_THRESHOLD), in tokens. */
    @WithDefault("1000")
    long fundingThreshold();

    /** Percent of the excess reserved for an auto-funded trading goal. */
    @WithDefault("10")
    int fundingPercent();

    /** The largest contribution score one account may have. */
    @WithDefault("1000000000000")
    long maxContributionScore();
}
