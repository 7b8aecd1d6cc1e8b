package com.platformeconomy.platform.parking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.platformeconomy.platform.state.Lifecycle;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ParkedStatus life cycle: every allowed move, every refused one, and the exact wire strings. */
class ParkedStatusTest {

    private static final List<List<ParkedStatus>> ALLOWED = List.of(
            List.of(ParkedStatus.PARKED, ParkedStatus.REPLAYED));

    private static final List<List<ParkedStatus>> REFUSED = List.of(
            List.of(ParkedStatus.PARKED, ParkedStatus.PARKED),
            List.of(ParkedStatus.REPLAYED, ParkedStatus.PARKED),
            List.of(ParkedStatus.REPLAYED, ParkedStatus.REPLAYED));

    @Test
    void wireStringsAreTodays() {
        Map<ParkedStatus, String> wires = Map.of(
                ParkedStatus.PARKED, "parked",
                ParkedStatus.REPLAYED, "replayed");
        assertThat(wires).hasSize(ParkedStatus.values().length);
        wires.forEach((state, wire) -> {
            assertThat(state.wire()).isEqualTo(wire);
            assertThat(ParkedStatus.of(wire)).isSameAs(state);
        });
        assertThatThrownBy(() -> ParkedStatus.of("no_such_state")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void allowedMovesAreAllowed() {
        for (List<ParkedStatus> move : ALLOWED) {
            assertThat(move.get(0).canMoveTo(move.get(1))).as("%s -> %s", move.get(0), move.get(1)).isTrue();
            assertThat(move.get(0).moveTo(move.get(1))).isSameAs(move.get(1));
        }
    }

    @Test
    void everyOtherMoveIsRefused() {
        assertThat(ALLOWED.size() + REFUSED.size()).isEqualTo(ParkedStatus.values().length * ParkedStatus.values().length);
        for (List<ParkedStatus> move : REFUSED) {
            assertThat(move.get(0).canMoveTo(move.get(1))).as("%s -> %s", move.get(0), move.get(1)).isFalse();
            assertThatThrownBy(() -> move.get(0).moveTo(move.get(1))).isInstanceOf(Lifecycle.ForbiddenTransition.class)
                    .hasMessageContaining(move.get(0).wire()).hasMessageContaining(move.get(1).wire());
        }
    }
}
