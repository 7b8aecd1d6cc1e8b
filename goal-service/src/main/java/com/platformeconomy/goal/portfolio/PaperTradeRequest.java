package com.platformeconomy.goal.portfolio;

import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.math.BigDecimal;

/** A paper trade: buy or sell {@code quantity} units of {@code symbol} at {@code price} tokens per unit. */
public record PaperTradeRequest(
        @NotNull @Pattern(regexp = "buy|sell", message = "must be buy or sell") String side,
        @NotNull @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._/-]{0,31}", message = "must be 1-32 letters, digits or ._/-")
        String symbol,
        @NotNull @Positive @Digits(integer = 15, fraction = 8, message = "must have at most 15 digits and 8 decimals")
        BigDecimal quantity,
        @NotNull @Positive @Digits(integer = 15, fraction = 8, message = "must have at most 15 digits and 8 decimals")
        BigDecimal price) {

    static final String BUY = "buy";

    boolean isBuy() {
        return BUY.equals(side);
    }
}
