package com.platformeconomy.wallet.charge;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;

/**
 * A user's call to an app's tool (SPEC §9 POST /v1/charges). {@code occurred_at} is needed only
 * when {@code event_id} is not a UUIDv7.
 */
public record ChargeRequest(
        @NotBlank String eventId,
        @NotBlank String userId,
        @NotBlank @Pattern(regexp = ChargeRequest.APP_ID, message = "must be an app id") String appId,
        @NotBlank @Pattern(regexp = "[A-Za-z0-9_.:-]{1,128}", message = "must be a tool name") String toolName,
        @NotNull @Pattern(regexp = "action|skeleton|panel", message = "must be action, skeleton or panel") String handler,
        @NotNull Boolean byollm,
        Instant occurredAt) {

    /** An app id, as the charge route takes it and the app catalog stores it. */
    public static final String APP_ID = "[A-Za-z0-9_][A-Za-z0-9_-]{0,63}";
}
