package com.platformeconomy.settlement.settings;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Pattern;
import java.math.BigDecimal;

/**
 * Provider onboarding (the source's {@code POST /api/settings/compute/provider/join}): every field
 * optional. {@code node_tier} is this service's addition: the source reads it from the node's
 * environment (HEVOLVE_NODE_TIER); here an admin registers it with the node (default flat), an
 * operator's join may name it but not change it, and an admin's join changes it (SPEC §10).
 */
public record ProviderJoinRequest(
        @Pattern(regexp = ComputeSettingsUpdate.CAUSES, message = ComputeSettingsUpdate.CAUSE_MESSAGE) String causeAlignment,
        @DecimalMin("0") @DecimalMax("1000") @Digits(integer = 4, fraction = 6, message = "must have at most 6 decimals")
        BigDecimal electricityRateKwh,
        @DecimalMin("0") @DecimalMax("24") @Digits(integer = 2, fraction = 2, message = "must have at most 2 decimals")
        BigDecimal offeredGpuHoursPerDay,
        @Pattern(regexp = ComputeSettingsUpdate.POLICIES, message = ComputeSettingsUpdate.POLICY_MESSAGE) String computePolicy,
        Boolean acceptThoughtExperiments,
        @Pattern(regexp = "flat|regional|central", message = "must be flat, regional or central") String nodeTier) {

    ComputeSettingsUpdate asUpdate() {
        return new ComputeSettingsUpdate(computePolicy, null, null, null, null, offeredGpuHoursPerDay,
                acceptThoughtExperiments, null, null, null, causeAlignment, electricityRateKwh);
    }
}
