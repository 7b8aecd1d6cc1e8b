package com.platformeconomy.earnings.app;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * PATCH /v1/developer/apps/{app_id}: the fields to change, others left as they are. Only an admin
 * may set {@code platform_fee} (the per-app override of the configured default).
 */
public record EditAppRequest(
        @Size(min = 1, max = 200) String name,
        @Pattern(regexp = "free|paid", message = "must be free or paid") String pricingModel,
        @PositiveOrZero @Max(1_000_000_000L) Long basePrice,
        @PositiveOrZero @Max(1_000_000_000L) Long platformFee) {

    boolean isEmpty() {
        return name == null && pricingModel == null && basePrice == null && platformFee == null;
    }
}
