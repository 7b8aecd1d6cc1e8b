package com.platformeconomy.revenue.config;

import com.platformeconomy.contracts.account.AccountIds;
import com.platformeconomy.contracts.event.GoalRequested;
import com.platformeconomy.contracts.money.Limits;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * revenue-service's limits and how they relate, checked when it starts: a configuration that
 * breaks one stops the service. (The 90/9/1 split adding up to 100 is RevenuePools' check.)
 */
@Startup
@ApplicationScoped
public class RevenueLimits {

    RevenueLimits(RevenueConfig config,
                  @ConfigProperty(name = "mp.messaging.incoming.billing-revenue.max.poll.records", defaultValue = "500") int billingPoll) {
        check(config.fundingThreshold(), config.fundingPercent(), config.maxContributionScore(), config.maxComputeUnits(),
                config.maxComputeUnitsRegional(), config.maxComputeUnitsCentral(), billingPoll);
        checkFundedGoal(config.fundingWindowDays(), config.fundingMaxLossPercent(), config.fundingMarket(),
                config.fundingRetryAfter());
        checkDistribution(config.centralAccount());
        Limits.require(!config.distributionClaimsWait().isNegative()
                        && config.distributionClaimsWait().compareTo(java.time.Duration.ofDays(60)) <= 0,
                "revenue.distribution-claims-wait (" + config.distributionClaimsWait() + ") must lie in PT0S..P60D: an "
                        + "operator's claim holds the month's automatic distribution for that long");
    }

    /**
     * Every month's central 1% is credited to the central account: one the wallet refuses (no
     * account at all, escrow, the treasury or the revenue account it is paid from: wallet-service's
     * IncomingCredits) would park every month's credit while the run records it paid. (A negative
     * revenue.distribution-grace distributes a month before it ends: the e2e suite sets one on
     * purpose, and what arrives later goes to the next run as the late carry, so it is allowed.)
     */
    static void checkDistribution(String centralAccount) {
        Limits.require(AccountIds.isWalletAccount(centralAccount) && !"escrow".equals(centralAccount)
                        && !"platform:treasury".equals(centralAccount) && !"platform:revenue".equals(centralAccount),
                "revenue.central-account (" + centralAccount + ") must be an account the wallet credits: user:..., dev:..., "
                        + "node-op:... or platform:... other than platform:treasury and platform:revenue (the wallet's "
                        + "wallet.treasury-account and wallet.revenue-account as they are by default), not escrow");
    }

    /**
     * What every auto-funding decision asks goal-service for must be a goal it can create: a value
     * it refuses would make each decision a refusal (SPEC §7: max loss 1..100; a market is an id).
     */
    static void checkFundedGoal(int windowDays, int maxLossPercent, String market, java.time.Duration retryAfter) {
        Limits.require(windowDays >= 1 && windowDays <= 3660, "revenue.funding-window-days (" + windowDays
                + ") must lie in 1..3660");
        Limits.require(maxLossPercent >= 1 && maxLossPercent <= 100, "revenue.funding-max-loss-percent ("
                + maxLossPercent + ") must lie in 1..100, as goal-service requires");
        Limits.require(market != null && market.length() <= GoalRequested.MAX_MARKET_LENGTH
                && market.matches(GoalRequested.ID_PATTERN), "revenue.funding-market ("
                + market + ") must be 1-64 letters, digits or :._@/-, as goal-service requires");
        Limits.require(retryAfter != null && !retryAfter.isNegative() && retryAfter.compareTo(java.time.Duration.ofDays(30)) <= 0,
                "revenue.funding-retry-after (" + retryAfter + ") must lie in PT0S..P30D: longer, one refusal would stop "
                        + "the scheduled funding for as long");
    }

    /** Throws IllegalStateException naming the first relationship these values break. */
    static void check(long fundingThreshold, int fundingPercent, long maxContributionScore, long maxComputeUnits,
                      long maxComputeUnitsRegional, long maxComputeUnitsCentral, int billingPoll) {
        // The threshold is compared with a token excess; the reserve is a count of tokens (funding_decision.reserved_tokens,
        // a paper goal's budget: no wallet hold or transfer is made).
        Limits.requireTokens("revenue.funding-threshold", fundingThreshold);
        Limits.require(fundingPercent >= 1 && fundingPercent <= 100, "revenue.funding-percent (" + fundingPercent
                + ") must lie in 1..100: the reserve is a part of the excess");
        // Scores and compute units are weights of a pool split: each must stay an exact JSON number.
        Limits.requireTokens("revenue.max-contribution-score", maxContributionScore);
        Limits.requireTokens("revenue.max-compute-units", maxComputeUnits);
        Limits.require(maxComputeUnitsRegional <= maxComputeUnitsCentral && maxComputeUnitsCentral <= maxComputeUnits,
                "revenue.max-compute-units-regional (" + maxComputeUnitsRegional + ") <= max-compute-units-central ("
                        + maxComputeUnitsCentral + ") <= max-compute-units (" + maxComputeUnits + ")");
        Limits.requireSummable("billing-revenue max.poll.records", billingPoll);
    }
}
