package com.platformeconomy.goal.goal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.platformeconomy.platform.state.Lifecycle;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The GoalStatus life cycle: every allowed move, every refused one, and the exact wire strings. */
class GoalStatusTest {

    private static final List<List<GoalStatus>> ALLOWED = List.of(
            List.of(GoalStatus.ACTIVE, GoalStatus.STOPPED),
            List.of(GoalStatus.ACTIVE, GoalStatus.COMPLETED));

    private static final List<List<GoalStatus>> REFUSED = List.of(
            List.of(GoalStatus.ACTIVE, GoalStatus.ACTIVE),
            List.of(GoalStatus.STOPPED, GoalStatus.ACTIVE),
            List.of(GoalStatus.STOPPED, GoalStatus.STOPPED),
            List.of(GoalStatus.STOPPED, GoalStatus.COMPLETED),
            List.of(GoalStatus.COMPLETED, GoalStatus.ACTIVE),
            List.of(GoalStatus.COMPLETED, GoalStatus.STOPPED),
            List.of(GoalStatus.COMPLETED, GoalStatus.COMPLETED));

    @Test
    void wireStringsAreTodays() {
        Map<GoalStatus, String> wires = Map.of(
                GoalStatus.ACTIVE, "active",
                GoalStatus.STOPPED, "stopped",
                GoalStatus.COMPLETED, "completed");
        assertThat(wires).hasSize(GoalStatus.values().length);
        wires.forEach((state, wire) -> {
            assertThat(state.wire()).isEqualTo(wire);
            assertThat(GoalStatus.of(wire)).isSameAs(state);
        });
        assertThatThrownBy(() -> GoalStatus.of("no_such_state")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void allowedMovesAreAllowed() {
        for (List<GoalStatus> move : ALLOWED) {
            assertThat(move.get(0).canMoveTo(move.get(1))).as("%s -> %s", move.get(0), move.get(1)).isTrue();
            assertThat(move.get(0).moveTo(move.get(1))).isSameAs(move.get(1));
        }
    }

    @Test
    void everyOtherMoveIsRefused() {
        assertThat(ALLOWED.size() + REFUSED.size()).isEqualTo(GoalStatus.values().length * GoalStatus.values().length);
        for (List<GoalStatus> move : REFUSED) {
            assertThat(move.get(0).canMoveTo(move.get(1))).as("%s -> %s", move.get(0), move.get(1)).isFalse();
            assertThatThrownBy(() -> move.get(0).moveTo(move.get(1))).isInstanceOf(Lifecycle.ForbiddenTransition.class)
                    .hasMessageContaining(move.get(0).wire()).hasMessageContaining(move.get(1).wire());
        }
    }
}
