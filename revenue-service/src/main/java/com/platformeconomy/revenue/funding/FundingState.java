package com.platformeconomy.revenue.funding;

import com.platformeconomy.platform.state.Lifecycle;
import java.util.Arrays;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** The funding saga's state (a funding_decision row): requested until goal-service answers; active once the goal exists, refused if it was not created; requested or active → stopped when the goal stops. Refused and stopped are final. The moves themselves are conditional UPDATEs in GoalEventsConsumer. */
public enum FundingState implements Lifecycle<FundingState> {
    REQUESTED("requested"),
    ACTIVE("active"),
    STOPPED("stopped"),
    REFUSED("refused");

    private final String wire;

    FundingState(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    /** The allowed transitions, all of them. */
    @Override
    public Set<FundingState> next() {
        return switch (this) {
            case REQUESTED -> Set.of(ACTIVE, REFUSED, STOPPED);
            case ACTIVE -> Set.of(STOPPED);
            case STOPPED -> Set.of();
            case REFUSED -> Set.of();
        };
    }

    public static FundingState of(String wire) {
        return Lifecycle.of(FundingState.class, wire);
    }

    /** Whether the decision is still open, its tokens reserved: at most one such row (funding_decision_one_open). */
    public boolean isOpen() {
        return this == REQUESTED || this == ACTIVE;
    }

    /** The wire strings of the states {@code filter} accepts, as an SQL list: {@code 'requested', 'active'}. */
    public static String sqlList(Predicate<FundingState> filter) {
        return Arrays.stream(values()).filter(filter).map(s -> "'" + s.wire + "'").collect(Collectors.joining(", "));
    }
}
