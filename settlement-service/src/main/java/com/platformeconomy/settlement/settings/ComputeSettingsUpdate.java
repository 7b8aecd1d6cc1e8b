package com.platformeconomy.settlement.settings;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * A PUT of compute settings: every field optional, only the ones given change (the source's
 * Settings API). The source routes the first ten to NodeComputeConfig ("policy fields") and the
 * last two to the node's provider identity ("peer fields"); the answer keeps that split.
 */
public record ComputeSettingsUpdate(
        @Pattern(regexp = POLICIES, message = POLICY_MESSAGE) String computePolicy,
        @Pattern(regexp = POLICIES, message = POLICY_MESSAGE) String hiveComputePolicy,
        @Min(0) @Max(100) Integer maxHiveGpuPct,
        Boolean allowMeteredForHive,
        @DecimalMin("0") @DecimalMax("1000000") @Digits(integer = 14, fraction = 6, message = "must have at most 6 decimals")
        BigDecimal meteredDailyLimitUsd,
        @DecimalMin("0") @DecimalMax("24") @Digits(integer = 2, fraction = 2, message = "must have at most 2 decimals")
        BigDecimal offeredGpuHoursPerDay,
        Boolean acceptThoughtExperiments,
        Boolean acceptFrontierTraining,
        Boolean autoSettle,
        @Min(1) @Max(1_000_000_000L) Long minSettlementSpark,
        @Pattern(regexp = CAUSES, message = CAUSE_MESSAGE) String causeAlignment,
        @DecimalMin("0") @DecimalMax("1000") @Digits(integer = 4, fraction = 6, message = "must have at most 6 decimals")
        BigDecimal electricityRateKwh) {

    static final String POLICIES = "local_only|local_preferred|any";
    static final String POLICY_MESSAGE = "must be local_only, local_preferred or any";
    static final String CAUSES = "democratize_compute|frontier_training|thought_experiments";
    static final String CAUSE_MESSAGE = "must be democratize_compute, frontier_training or thought_experiments";

    /** Applies the given fields; answers the names of the policy fields it set. */
    List<String> applyPolicyFields(NodeComputeSettings settings) {
        List<String> set = new ArrayList<>();
        if (computePolicy != null) { settings.computePolicy = computePolicy; set.add("compute_policy"); }
        if (hiveComputePolicy != null) { settings.hiveComputePolicy = hiveComputePolicy; set.add("hive_compute_policy"); }
        if (maxHiveGpuPct != null) { settings.maxHiveGpuPct = maxHiveGpuPct; set.add("max_hive_gpu_pct"); }
        if (allowMeteredForHive != null) { settings.allowMeteredForHive = allowMeteredForHive; set.add("allow_metered_for_hive"); }
        if (meteredDailyLimitUsd != null) { settings.meteredDailyLimitUsd = meteredDailyLimitUsd; set.add("metered_daily_limit_usd"); }
        if (offeredGpuHoursPerDay != null) { settings.offeredGpuHoursPerDay = offeredGpuHoursPerDay; set.add("offered_gpu_hours_per_day"); }
        if (acceptThoughtExperiments != null) { settings.acceptThoughtExperiments = acceptThoughtExperiments; set.add("accept_thought_experiments"); }
        if (acceptFrontierTraining != null) { settings.acceptFrontierTraining = acceptFrontierTraining; set.add("accept_frontier_training"); }
        if (autoSettle != null) { settings.autoSettle = autoSettle; set.add("auto_settle"); }
        if (minSettlementSpark != null) { settings.minSettlementSpark = minSettlementSpark; set.add("min_settlement_spark"); }
        return set;
    }

    /** Applies the provider identity fields; answers the names of those it set. */
    List<String> applyPeerFields(NodeComputeSettings settings) {
        List<String> set = new ArrayList<>();
        if (causeAlignment != null) { settings.causeAlignment = causeAlignment; set.add("cause_alignment"); }
        if (electricityRateKwh != null) { settings.electricityRateKwh = electricityRateKwh; set.add("electricity_rate_kwh"); }
        return set;
    }
}
