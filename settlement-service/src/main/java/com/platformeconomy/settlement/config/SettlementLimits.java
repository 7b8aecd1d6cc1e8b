package com.platformeconomy.settlement.config;

import com.platformeconomy.contracts.money.Limits;
import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;

/** settlement-service's limits and how they relate, checked when it starts: a configuration that breaks one stops the service. */
@Startup
@ApplicationScoped
public class SettlementLimits {

    SettlementLimits(SettlementConfig config) {
        check(config.sparkPerUsd(), config.maxUsageUsd(), config.minSettlementSpark(), config.operatorDailyAwardCeilingSpark());
    }

    /** A cost above what one usage record may carry (settlement.max-usage-usd), for the record and the gate alike. */
    public static ApiException costTooLarge(String field, SettlementConfig config) {
        return new ApiException(ErrorCode.USD_COST_TOO_LARGE,
                field + " may be at most " + config.maxUsageUsd().toPlainString() + " USD per record.");
    }

    /**
     * A hive/idle estimate worth less than one spark at {@code settlement.spark-per-usd}: SPEC §10 (what
     * is paid for one authorization never exceeds what was authorized) wins over §2's minimum of one
     * spark per record, so such an authorization could never pay anything and is not given.
     */
    public static ApiException estimateWorthNoSpark(SettlementConfig config) {
        return new ApiException(ErrorCode.INVALID_FIELD, "estimated_usd must be worth at least one spark: at least "
                + leastUsdWorthOneSpark(config.sparkPerUsd()).toPlainString() + " USD at " + config.sparkPerUsd()
                + " spark per USD, since a record is never paid more than its authorization was worth.");
    }

    /** Whether {@code usd} is worth at least one whole spark at {@code sparkPerUsd}. */
    public static boolean worthASpark(BigDecimal usd, long sparkPerUsd) {
        return usd.multiply(BigDecimal.valueOf(sparkPerUsd)).compareTo(BigDecimal.ONE) >= 0;
    }

    private static BigDecimal leastUsdWorthOneSpark(long sparkPerUsd) {
        return BigDecimal.ONE.divide(BigDecimal.valueOf(sparkPerUsd), 6, java.math.RoundingMode.CEILING).stripTrailingZeros();
    }

    /** Throws IllegalStateException naming the first relationship these values break. */
    static void check(long sparkPerUsd, BigDecimal maxUsageUsd, long minSettlementSpark, long dailyCeilingSpark) {
        Limits.requireTokens("settlement.spark-per-usd", sparkPerUsd);
        // The spark of the costliest record is awarded as wallet tokens: it must be an exact amount.
        Limits.require(maxUsageUsd.signum() > 0
                        && maxUsageUsd.multiply(BigDecimal.valueOf(sparkPerUsd)).compareTo(BigDecimal.valueOf(Limits.MAX_TOKENS)) <= 0,
                "settlement.max-usage-usd (" + maxUsageUsd + ") × spark-per-usd (" + sparkPerUsd + ") must not exceed "
                        + Limits.MAX_TOKENS);
        // An award is a wallet credit of at most a day's ceiling.
        Limits.requireTokens("settlement.operator-daily-award-ceiling-spark", dailyCeilingSpark);
        // Records are settled in order, each operator's up to a day's ceiling: a record worth more than the
        // ceiling would never fit in a day, and every later record of its operator would wait behind it.
        Limits.require(maxUsageUsd.multiply(BigDecimal.valueOf(sparkPerUsd)).compareTo(BigDecimal.valueOf(dailyCeilingSpark)) <= 0,
                "settlement.max-usage-usd (" + maxUsageUsd + ") × spark-per-usd (" + sparkPerUsd
                        + ") must not exceed operator-daily-award-ceiling-spark (" + dailyCeilingSpark + ")");
        // A default threshold above the daily ceiling would leave a node's records pending for ever.
        Limits.require(minSettlementSpark >= 0 && minSettlementSpark <= dailyCeilingSpark, "settlement.min-settlement-spark ("
                + minSettlementSpark + ") must lie in 0..operator-daily-award-ceiling-spark (" + dailyCeilingSpark + ")");
    }
}
