package com.platformeconomy.goal.goal;

import com.platformeconomy.platform.state.Lifecycle;
import java.util.Set;

/** A trading goal's status: active until it is stopped (its loss passed the limit) or completed; both are final. */
public enum GoalStatus implements Lifecycle<GoalStatus> {
    ACTIVE("active"),
    STOPPED("stopped"),
    COMPLETED("completed");

    private final String wire;

    GoalStatus(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    /** The allowed transitions, all of them. */
    @Override
    public Set<GoalStatus> next() {
        return switch (this) {
            case ACTIVE -> Set.of(STOPPED, COMPLETED);
            case STOPPED -> Set.of();
            case COMPLETED -> Set.of();
        };
    }

    public static GoalStatus of(String wire) {
        return Lifecycle.of(GoalStatus.class, wire);
    }
}
