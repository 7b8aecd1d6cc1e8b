package com.platformeconomy.goal.goal;

import com.platformeconomy.platform.state.Lifecycle;
import java.util.Set;

/** A trading goal's mode: every goal starts on paper; only a passed vote makes it live, and a live goal stays live. */
public enum GoalMode implements Lifecycle<GoalMode> {
    PAPER("paper"),
    LIVE("live");

    private final String wire;

    GoalMode(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    /** The allowed transitions, all of them. */
    @Override
    public Set<GoalMode> next() {
        return switch (this) {
            case PAPER -> Set.of(LIVE);
            case LIVE -> Set.of();
        };
    }

    public static GoalMode of(String wire) {
        return Lifecycle.of(GoalMode.class, wire);
    }
}
