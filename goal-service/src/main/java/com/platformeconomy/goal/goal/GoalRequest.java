package com.platformeconomy.goal.goal;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * A request for a trading goal as {@code POST /api/goals} takes it. The same rules check requests
 * arriving on {@code goals.requests}. {@code mode} may be left out (paper); live is never granted here.
 */
public record GoalRequest(
        @NotBlank @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String requestId,
        @NotBlank @Pattern(regexp = Words.PATTERN, message = Words.MESSAGE) String type,
        @NotBlank @Size(max = 200) String title,
        @NotBlank @Pattern(regexp = Words.PATTERN, message = Words.MESSAGE) String strategy,
        @NotBlank @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) @Size(max = com.platformeconomy.contracts.event.GoalRequested.MAX_MARKET_LENGTH) String market,
        @NotNull @Positive Long budgetTokens,
        @NotNull @Min(1) @Max(100) Integer maxLossPercent,
        @Pattern(regexp = "paper|live", message = "must be paper or live") String mode,
        @NotBlank @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String fundingSource) {

    NewGoal toNewGoal(String createdBy) {
        return new NewGoal(requestId, type, title, strategy, market, budgetTokens, maxLossPercent,
                mode == null ? GoalMode.PAPER.wire() : mode, fundingSource, createdBy);
    }

    /** The shape of every id this service accepts. */
    public static final class Ids {
        public static final String PATTERN = com.platformeconomy.contracts.event.GoalRequested.ID_PATTERN;
        public static final String MESSAGE = "must be 1-128 letters, digits or :._@/-";

        private Ids() {
        }
    }

    /** Lower-case names such as long_term or trading. */
    static final class Words {
        static final String PATTERN = "[a-z][a-z0-9_]{0,31}";
        static final String MESSAGE = "must be 1-32 lower-case letters, digits or _";

        private Words() {
        }
    }
}
