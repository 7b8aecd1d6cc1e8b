package com.platformeconomy.goal.goal;

import com.platformeconomy.testkit.state.LifecycleContract;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The GoalStatus life cycle: every allowed move, every refused one, and the exact wire strings. */
class GoalStatusTest {

    private static final List<List<GoalStatus>> ALLOWED = List.of(
            List.of(GoalStatus.ACTIVE, GoalStatus.STOPPED),
            List.of(GoalStatus.ACTIVE, GoalStatus.COMPLETED));

    @Test
    void wireStringsAndMovesAreExactlyThese() {
        LifecycleContract.holds(GoalStatus.class, GoalStatus::of, Map.of(
                GoalStatus.ACTIVE, "active",
                GoalStatus.STOPPED, "stopped",
                GoalStatus.COMPLETED, "completed"), ALLOWED);
    }
}
