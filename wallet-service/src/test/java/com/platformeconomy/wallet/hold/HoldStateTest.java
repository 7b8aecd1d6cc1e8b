package com.platformeconomy.wallet.hold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.platformeconomy.platform.state.Lifecycle;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The HoldState life cycle: every allowed move, every refused one, and the exact wire strings. */
class HoldStateTest {

    private static final List<List<HoldState>> ALLOWED = List.of(
            List.of(HoldState.ACTIVE, HoldState.CAPTURED),
            List.of(HoldState.ACTIVE, HoldState.RELEASED),
            List.of(HoldState.ACTIVE, HoldState.EXPIRED));

    private static final List<List<HoldState>> REFUSED = List.of(
            List.of(HoldState.ACTIVE, HoldState.ACTIVE),
            List.of(HoldState.ACTIVE, HoldState.REFUSED),
            List.of(HoldState.REFUSED, HoldState.ACTIVE),
            List.of(HoldState.REFUSED, HoldState.REFUSED),
            List.of(HoldState.REFUSED, HoldState.CAPTURED),
            List.of(HoldState.REFUSED, HoldState.RELEASED),
            List.of(HoldState.REFUSED, HoldState.EXPIRED),
            List.of(HoldState.CAPTURED, HoldState.ACTIVE),
            List.of(HoldState.CAPTURED, HoldState.REFUSED),
            List.of(HoldState.CAPTURED, HoldState.CAPTURED),
            List.of(HoldState.CAPTURED, HoldState.RELEASED),
            List.of(HoldState.CAPTURED, HoldState.EXPIRED),
            List.of(HoldState.RELEASED, HoldState.ACTIVE),
            List.of(HoldState.RELEASED, HoldState.REFUSED),
            List.of(HoldState.RELEASED, HoldState.CAPTURED),
            List.of(HoldState.RELEASED, HoldState.RELEASED),
            List.of(HoldState.RELEASED, HoldState.EXPIRED),
            List.of(HoldState.EXPIRED, HoldState.ACTIVE),
            List.of(HoldState.EXPIRED, HoldState.REFUSED),
            List.of(HoldState.EXPIRED, HoldState.CAPTURED),
            List.of(HoldState.EXPIRED, HoldState.RELEASED),
            List.of(HoldState.EXPIRED, HoldState.EXPIRED));

    @Test
    void wireStringsAreTodays() {
        Map<HoldState, String> wires = Map.of(
                HoldState.ACTIVE, "active",
                HoldState.REFUSED, "refused",
                HoldState.CAPTURED, "captured",
                HoldState.RELEASED, "released",
                HoldState.EXPIRED, "expired");
        assertThat(wires).hasSize(HoldState.values().length);
        wires.forEach((state, wire) -> {
            assertThat(state.wire()).isEqualTo(wire);
            assertThat(HoldState.of(wire)).isSameAs(state);
        });
        assertThatThrownBy(() -> HoldState.of("no_such_state")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void allowedMovesAreAllowed() {
        for (List<HoldState> move : ALLOWED) {
            assertThat(move.get(0).canMoveTo(move.get(1))).as("%s -> %s", move.get(0), move.get(1)).isTrue();
            assertThat(move.get(0).moveTo(move.get(1))).isSameAs(move.get(1));
        }
    }

    @Test
    void everyOtherMoveIsRefused() {
        assertThat(ALLOWED.size() + REFUSED.size()).isEqualTo(HoldState.values().length * HoldState.values().length);
        for (List<HoldState> move : REFUSED) {
            assertThat(move.get(0).canMoveTo(move.get(1))).as("%s -> %s", move.get(0), move.get(1)).isFalse();
            assertThatThrownBy(() -> move.get(0).moveTo(move.get(1))).isInstanceOf(Lifecycle.ForbiddenTransition.class)
                    .hasMessageContaining(move.get(0).wire()).hasMessageContaining(move.get(1).wire());
        }
    }
}
