package com.platformeconomy.settlement.budget;

import com.platformeconomy.settlement.usage.UsageRecordRequest.Ids;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.math.BigDecimal;

/** A node asking, before a paid API call, whether it may make it (SPEC §5 budget gate). */
public record AuthorizeRequest(
        @NotBlank @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String nodeId,
        @NotNull @Pattern(regexp = "own|hive|idle", message = "must be own, hive or idle") String taskSource,
        @NotNull @Positive @DecimalMax("10000") @Digits(integer = 14, fraction = 6, message = "must have at most 6 decimals")
        BigDecimal estimatedUsd) {
}
