package com.platformeconomy.goal.vote;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** A vote on the goal's open live-trading proposal. The voter is the token's subject, never the body. */
public record VoteRequest(@NotNull @Pattern(regexp = "yes|no", message = "must be yes or no") String vote) {

    boolean approves() {
        return "yes".equals(vote);
    }
}
