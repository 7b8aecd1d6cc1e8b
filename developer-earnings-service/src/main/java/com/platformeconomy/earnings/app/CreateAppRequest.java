package com.platformeconomy.earnings.app;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/** A new app, created as a draft. */
public record CreateAppRequest(
        @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9_-]{1,63}", message = "must be 2-64 lowercase letters, digits, _ or -")
        String appId,
        @NotBlank @Size(max = 200) String name,
        @NotNull @Pattern(regexp = "free|paid", message = "must be free or paid") String pricingModel,
        @NotNull @PositiveOrZero @Max(1_000_000_000L) Long basePrice) {
}
