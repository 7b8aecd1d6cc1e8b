package com.platformeconomy.earnings.developer;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * PUT /v1/developer/tier: {@code {tier}}. A developer buys indie or studio for itself; an admin may
 * set any tier (partner only this way) for the developer named by {@code developer_id}.
 */
public record TierRequest(
        @NotNull @Pattern(regexp = "explorer|indie|studio|partner", message = "must be explorer, indie, studio or partner")
        String tier,
        @Pattern(regexp = "dev:[A-Za-z0-9][A-Za-z0-9._@-]{0,119}", message = "must be a developer account (dev:...)")
        String developerId) {
}
