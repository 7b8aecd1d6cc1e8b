package com.platformeconomy.goal.goal;

import com.platformeconomy.testkit.state.LifecycleContract;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The GoalMode life cycle: every allowed move, every refused one, and the exact wire strings. */
class GoalModeTest {

    private static final List<List<GoalMode>> ALLOWED = List.of(
            List.of(GoalMode.PAPER, GoalMode.LIVE));

    @Test
    void wireStringsAndMovesAreExactlyThese() {
        LifecycleContract.holds(GoalMode.class, GoalMode::of, Map.of(
                GoalMode.PAPER, "paper",
                GoalMode.LIVE, "live"), ALLOWED);
    }
}
