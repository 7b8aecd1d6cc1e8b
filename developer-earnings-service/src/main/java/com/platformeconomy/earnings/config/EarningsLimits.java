package com.platformeconomy.earnings.config;

import com.platformeconomy.contracts.money.Limits;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** developer-earnings-service's limits and how they relate, checked when it starts: a configuration that breaks one stops the service. */
@Startup
@ApplicationScoped
public class EarningsLimits {

    /** The largest payout the portal's form asks for: 10^12 tokens ($1 billion at $0.001), far under 2^53 - 1. */
    public static final long MAX_PAYOUT_TOKENS = 1_000_000_000_000L;

    /** What a payout's NUMERIC(20,6) USD amount holds: 14 digits before the point. */
    private static final BigDecimal MAX_STORED_USD = new BigDecimal("1e14");

    EarningsLimits(EarningsConfig config,
                   @ConfigProperty(name = "mp.messaging.incoming.billing-events.max.poll.records", defaultValue = "500") int billingPoll) {
        check(config.indieAnnualCost(), config.studioAnnualCost(), config.partnerAnnualCost(),
                new int[] {config.explorerSplitDev(), config.indieSplitDev(), config.studioSplitDev(), config.partnerSplitDev()},
                billingPoll);
        checkUsdPerToken(config.usdPerToken());
    }

    /**
     * A payout stores its rate and its USD amount (tokens × rate, exact) as NUMERIC(20,6): the rate
     * must be positive, have at most six decimals, and price the largest payout within 14 integer
     * digits; else every payout request would fail after the developer asked.
     */
    static void checkUsdPerToken(BigDecimal usdPerToken) {
        Limits.require(usdPerToken.signum() > 0 && usdPerToken.stripTrailingZeros().scale() <= 6
                        && usdPerToken.multiply(BigDecimal.valueOf(MAX_PAYOUT_TOKENS)).compareTo(MAX_STORED_USD) < 0,
                "earnings.usd-per-token (" + usdPerToken.toPlainString() + ") must be positive, with at most 6 decimals, "
                        + "and price " + MAX_PAYOUT_TOKENS + " tokens under 10^14 USD (NUMERIC(20,6))");
    }

    /** Throws IllegalStateException naming the first relationship these values break. */
    static void check(long indieCost, long studioCost, long partnerCost, int[] splits, int billingPoll) {
        Limits.requireTokens("MAX_PAYOUT_TOKENS", MAX_PAYOUT_TOKENS);
        // A tier purchase is one wallet debit.
        Limits.requireTokens("earnings.indie-annual-cost", indieCost);
        Limits.requireTokens("earnings.studio-annual-cost", studioCost);
        Limits.requireTokens("earnings.partner-annual-cost", partnerCost);
        for (int split : splits) {
            Limits.require(split >= 0 && split <= 100, "a developer split (" + split + ") must lie in 0..100 percent");
        }
        Limits.requireSummable("billing-events max.poll.records", billingPoll);
    }
}
