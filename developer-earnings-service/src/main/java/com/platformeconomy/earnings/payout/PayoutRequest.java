package com.platformeconomy.earnings.payout;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/** POST /v1/developer/payouts: {@code {amount_tokens}}, a whole positive number of tokens. */
public record PayoutRequest(@NotNull @Positive @Max(1_000_000_000_000L) Long amountTokens) {
}
