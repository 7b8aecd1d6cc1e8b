package com.platformeconomy.wallet.hold;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/** The bodies and answers of the hold routes (SPEC §9). */
public final class HoldRequests {

    private HoldRequests() {
    }

    /** Reserve {@code amount} until captured, released or {@code ttl_seconds} have passed; {@code payee} receives a capture. */
    public record Reserve(
            @NotBlank @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9:._@-]{0,127}", message = "must be 1-128 letters, digits or :._@-")
            String holdId,
            @NotNull @Positive Long amount,
            @NotBlank @Size(max = 200) String purpose,
            @NotNull @Positive @Max(30L * 24 * 3600) Long ttlSeconds,
            String payee) {
    }

    public record Capture(@NotNull @Positive Long amount) {
    }

    public record HoldView(String holdId, String state, long amount, @Schema(nullable = true) Long capturedAmount, @Schema(nullable = true) Long expiresAtMillis) {
    }

    public record Stats(long activeEscrows, long totalSparkEscrowed) {
    }
}
