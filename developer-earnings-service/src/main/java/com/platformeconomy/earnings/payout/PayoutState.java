package com.platformeconomy.earnings.payout;

import com.platformeconomy.platform.state.Lifecycle;
import java.util.Arrays;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** A payout request's state (SPEC §4): requested → approved (counts as paid out) or rejected (frees its tokens); approved → paid. */
public enum PayoutState implements Lifecycle<PayoutState> {
    REQUESTED("requested"),
    APPROVED("approved"),
    REJECTED("rejected"),
    PAID("paid");

    private final String wire;

    PayoutState(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    /** The allowed transitions, all of them. */
    @Override
    public Set<PayoutState> next() {
        return switch (this) {
            case REQUESTED -> Set.of(APPROVED, REJECTED);
            case APPROVED -> Set.of(PAID);
            case REJECTED -> Set.of();
            case PAID -> Set.of();
        };
    }

    public static PayoutState of(String wire) {
        return Lifecycle.of(PayoutState.class, wire);
    }

    /** Whether the payout's tokens are spoken for (asked for, approved or paid); a rejected one frees them. */
    public boolean holdsTokens() {
        return this != REJECTED;
    }

    /** Whether the payout counts as paid out: approved or paid. */
    public boolean paidOut() {
        return this == APPROVED || this == PAID;
    }

    /** The wire strings of the states {@code filter} accepts, as an SQL list: {@code 'approved', 'paid'}. */
    public static String sqlList(Predicate<PayoutState> filter) {
        return Arrays.stream(values()).filter(filter).map(s -> "'" + s.wire + "'").collect(Collectors.joining(", "));
    }
}
