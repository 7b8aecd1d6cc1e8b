package com.platformeconomy.goal.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * goal-service's settings (SPEC §7, seeds/000: live trading requires a constitutional vote).
 * {@link GoalLimits} checks them when the service starts. No Bean Validation annotations here: one
 * constrained mapping makes Quarkus build Hibernate Validator's metadata for all ~190 configuration
 * mappings of every extension in static init: a third of this service's start on its main thread
 * (issue #18; bench/README.md, "no JDBC pool, no configuration validator").
 */
@ConfigMapping(prefix = "goal")
public interface GoalConfig {

    /** The largest budget one goal may carry, in tokens; anything above is refused as bad input. */
    @WithDefault("1000000000000")
    long maxBudgetTokens();

    /** The constitutional vote that unlocks live trading. */
    Vote vote();

    interface Vote {

        /** How many votes must be cast before a proposal can pass. */
        @WithDefault("3")
        int quorum();

        /** Numerator of the share of yes votes (of the votes cast) a proposal needs: yes/cast >= numerator/denominator. */
        @WithDefault("2")
        int thresholdNumerator();

        /** Denominator of that share; the default 2/3 is a two-thirds majority, kept exact as a fraction. */
        @WithDefault("3")
        int thresholdDenominator();

        /** How long a proposal stays open; votes after its deadline are refused and it can no longer pass. */
        @WithDefault("P7D")
        Duration deadline();

        /**
         * The JWT role (SPEC §8) a caller needs to vote. Admin by default: going live puts the platform's
         * own funds at risk, so the platform's governors decide, not any user or another service.
         */
        @WithDefault("admin")
        String voterRole();
    }
}
