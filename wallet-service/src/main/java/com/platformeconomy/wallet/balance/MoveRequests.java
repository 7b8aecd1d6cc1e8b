package com.platformeconomy.wallet.balance;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/** The bodies of POST /v1/wallets/{account}/credits and /debits (SPEC §9). */
public final class MoveRequests {

    private MoveRequests() {
    }

    /**
     * {@code occurred_at} is accepted and ignored: an id's idempotency window runs from its UUIDv7
     * time or the suite's first sight of it, never from a time the caller states (SPEC §10).
     */
    public record Credit(
            @NotBlank String eventId,
            @NotNull @Positive Long amount,
            @NotBlank @Size(max = 200) String reason,
            Instant occurredAt) {
    }

    public record Debit(
            @NotBlank String eventId,
            @NotNull @Positive Long amount,
            @NotNull @Pattern(regexp = "api_usage|ad_spend|tier_fee|other",
                    message = "must be api_usage, ad_spend, tier_fee or other") String category,
            @NotBlank @Size(max = 200) String reason,
            Instant occurredAt) {
    }

    /** The answer to an admin's treasury credit past its allowance (balance/AdminCredits): nothing moved yet. */
    public record AwaitingSecondAdmin(String eventId, String state, String account, long amount) {
        public AwaitingSecondAdmin(String eventId, String account, long amount) {
            this(eventId, "awaiting_second_admin", account, amount);
        }
    }

    /** The answer to a credit or debit: the wallet's balance right after it. */
    public record Moved(String eventId, long balance) {
    }
}
