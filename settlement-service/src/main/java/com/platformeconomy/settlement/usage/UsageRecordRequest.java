package com.platformeconomy.settlement.usage;

import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.math.BigDecimal;
import java.util.UUID;

/** One metered usage record as a node reports it (SPEC §5, seeds/001 field names). */
public record UsageRecordRequest(
        @NotBlank @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String usageId,
        @NotBlank @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String nodeId,
        /* Absent for a node without an operator: its records are written off at settlement. */
        @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String operatorId,
        @NotBlank @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String modelId,
        @NotNull @Pattern(regexp = "own|hive|idle", message = "must be own, hive or idle") String taskSource,
        @NotNull @PositiveOrZero Long tokensIn,
        @NotNull @PositiveOrZero Long tokensOut,
        @NotNull @Positive @Digits(integer = 14, fraction = 6, message = "must have at most 6 decimals")
        BigDecimal actualUsdCost,
        /* Optional: the budget gate's authorization this call was made under; recording it ends the reservation. */
        UUID authorizationId) {

    /** The shape of every id this service accepts. */
    public static final class Ids {
        public static final String PATTERN = "[A-Za-z0-9][A-Za-z0-9:._@-]{0,127}";
        public static final String MESSAGE = "must be 1-128 letters, digits or :._@-";

        private Ids() {
        }
    }
}
