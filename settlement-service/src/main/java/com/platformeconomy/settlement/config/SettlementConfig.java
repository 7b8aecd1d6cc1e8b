package com.platformeconomy.settlement.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;
import java.time.Duration;

/** settlement-service's settings, with the source document's defaults (seeds/001). */
@ConfigMapping(prefix = "settlement")
public interface SettlementConfig {

    /** Spark awarded per USD of metered API cost absorbed (HEVOLVE_SPARK_PER_USD). */
    @WithDefault("100")
    long sparkPerUsd();

    /**
     * The largest USD cost one usage record may carry, and one budget authorization may estimate;
     * anything above is refused as bad input. Its spark must fit in a day's award ceiling
     * (SettlementLimits): a record worth more could never be paid, and would hold back every later
     * record of its operator.
     */
    @WithDefault("1000")
    BigDecimal maxUsageUsd();

    /** How often the scheduled settlement runs (a quarkus-scheduler "every" value; "off" disables it). */
    @WithDefault("60s")
    String interval();

    /** auto_settle of a node that has no settings of its own yet (seeds/001 default: true). */
    @WithDefault("true")
    boolean autoSettle();

    /** min_settlement_spark of a node that has no settings of its own yet (seeds/001 default: 10). */
    @WithDefault("10")
    long minSettlementSpark();

    /** How long an allowed budget authorization holds its estimate if no usage record names it. */
    @WithDefault("PT10M")
    Duration reservationTtl();

    /**
     * The most spark one operator may be awarded per UTC day (SPEC §10): records past it stay
     * pending for a later day, and {@code settlement.award.ceiling.bound} counts each time it binds.
     */
    @WithDefault("100000")
    long operatorDailyAwardCeilingSpark();
}
