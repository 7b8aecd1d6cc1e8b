package com.platformeconomy.earnings.adjustment;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** POST /v1/admin/adjustments: {@code {developer_id, amount, admin_note}}; amount signed, never 0. */
public record AdjustmentRequest(
        @NotNull @Pattern(regexp = "dev:[A-Za-z0-9][A-Za-z0-9._@-]{0,119}", message = "must be a developer account (dev:...)")
        String developerId,
        @NotNull @Min(-1_000_000_000_000L) @Max(1_000_000_000_000L) Long amount,
        @NotBlank @Size(max = 1000) String adminNote) {
}
