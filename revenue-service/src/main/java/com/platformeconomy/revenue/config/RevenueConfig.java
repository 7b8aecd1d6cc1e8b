package com.platformeconomy.revenue.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** revenue-service's settings, with the source document's defaults (seeds/000). */
@ConfigMapping(prefix = "revenue")
public interface RevenueConfig {

    /** Platform excess at which a trading goal is auto-funded (HEVOLVE_REVENUE_FUNDING_THRESHOLD), in tokens. */
    @WithDefault("1000")
    long fundingThreshold();

    /** Percent of the excess reserved for an auto-funded trading goal. */
    @WithDefault("10")
    int fundingPercent();

    /** Days of platform excess the auto-funding decision looks at (the dashboard's default period). */
    @WithDefault("30")
    int fundingWindowDays();

    /** Market of an auto-funded trading goal. */
    @WithDefault("crypto:BTC-USD")
    String fundingMarket();

    /** Max loss percent of an auto-funded trading goal. */
    @WithDefault("10")
    int fundingMaxLossPercent();

    /**
     * How long the scheduled decision waits after a refused one (goal-service's limit, a bad market or
     * max loss) before it decides again; {@code POST /api/revenue/funding/check} decides at once.
     */
    @WithDefault("PT24H")
    Duration fundingRetryAfter();

    /** When the auto-funding decision runs on its own (Quarkus cron; "off" disables it). */
    @WithDefault("0 */10 * * * ?")
    String fundingCron();

    /** The largest contribution score one account may have. */
    @WithDefault("1000000000000")
    long maxContributionScore();

    /** The largest compute_units one report may carry, whatever the tier. */
    @WithDefault("1000000000000")
    long maxComputeUnits();

    /** The largest compute_units one report of a regional node may carry in a period (its weight in the infra pool). */
    @WithDefault("1000000000")
    long maxComputeUnitsRegional();

    /** The largest compute_units one report of a central node may carry in a period. */
    @WithDefault("1000000000000")
    long maxComputeUnitsCentral();

    /** The account that receives the central 1% (REVENUE_SPLIT_CENTRAL). */
    @WithDefault("platform:central")
    String centralAccount();

    /** User pool share of gross, percent (REVENUE_SPLIT_USERS). */
    @WithDefault("90")
    int usersPercent();

    /** Infrastructure pool share of gross, percent (REVENUE_SPLIT_INFRA). */
    @WithDefault("9")
    int infraPercent();

    /** Central share of gross, percent (REVENUE_SPLIT_CENTRAL). */
    @WithDefault("1")
    int centralPercent();

    /** When closed periods are distributed on their own (Quarkus cron; "off" disables it). Runs are idempotent. */
    @WithDefault("0 15 0 * * ?")
    String distributionCron();

    /** How long after a period's end it counts as closed, so that events in flight land in it first. */
    @WithDefault("PT1H")
    Duration distributionGrace();

    /**
     * How long after a period closes the daily run waits for an admin to confirm its operators' compute
     * claims before it distributes the period without them (an admin's run distributes at once).
     */
    @WithDefault("P7D")
    Duration distributionClaimsWait();


    /** A funding saga still {@code requested} (goal-service has not answered) for longer than this counts as stuck. */
    @WithDefault("PT15M")
    Duration fundingStuckAfter();
}
