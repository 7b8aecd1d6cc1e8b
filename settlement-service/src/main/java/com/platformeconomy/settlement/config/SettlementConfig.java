package com.platformeconomy.settlement.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;

/** settlement-service's settings, with the source document's defaults (seeds/001). */
@ConfigMapping(prefix = "settlement")
public interface SettlementConfig {

    /** Spark awarded per USD of metered API cost absorbed (HEVOLVE_SPARK_PER_USD). */
    @WithDefault("100")
    long sparkPerUsd();

    /** The largest USD cost one usage record may carry; anything above is refused as bad input. */
    @WithDefault("10000")
    BigDecimal maxUsageUsd();
}
