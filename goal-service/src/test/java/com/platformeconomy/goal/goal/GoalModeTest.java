package com.platformeconomy.goal.goal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.platformeconomy.platform.state.Lifecycle;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The GoalMode life cycle: every allowed move, every refused one, and the exact wire strings. */
class GoalModeTest {

    private static final List<List<GoalMode>> ALLOWED = List.of(
            List.of(GoalMode.PAPER, GoalMode.LIVE));

    private static final List<List<GoalMode>> REFUSED = List.of(
            List.of(GoalMode.PAPER, GoalMode.PAPER),
            List.of(GoalMode.LIVE, GoalMode.PAPER),
            List.of(GoalMode.LIVE, GoalMode.LIVE));

    @Test
    void wireStringsAreTodays() {
        Map<GoalMode, String> wires = Map.of(
                GoalMode.PAPER, "paper",
                GoalMode.LIVE, "live");
        assertThat(wires).hasSize(GoalMode.values().length);
        wires.forEach((state, wire) -> {
            assertThat(state.wire()).isEqualTo(wire);
            assertThat(GoalMode.of(wire)).isSameAs(state);
        });
        assertThatThrownBy(() -> GoalMode.of("no_such_state")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void allowedMovesAreAllowed() {
        for (List<GoalMode> move : ALLOWED) {
            assertThat(move.get(0).canMoveTo(move.get(1))).as("%s -> %s", move.get(0), move.get(1)).isTrue();
            assertThat(move.get(0).moveTo(move.get(1))).isSameAs(move.get(1));
        }
    }

    @Test
    void everyOtherMoveIsRefused() {
        assertThat(ALLOWED.size() + REFUSED.size()).isEqualTo(GoalMode.values().length * GoalMode.values().length);
        for (List<GoalMode> move : REFUSED) {
            assertThat(move.get(0).canMoveTo(move.get(1))).as("%s -> %s", move.get(0), move.get(1)).isFalse();
            assertThatThrownBy(() -> move.get(0).moveTo(move.get(1))).isInstanceOf(Lifecycle.ForbiddenTransition.class)
                    .hasMessageContaining(move.get(0).wire()).hasMessageContaining(move.get(1).wire());
        }
    }
}
