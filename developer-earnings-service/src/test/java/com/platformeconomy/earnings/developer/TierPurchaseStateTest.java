package com.platformeconomy.earnings.developer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.platformeconomy.platform.state.Lifecycle;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The TierPurchaseState life cycle: every allowed move, every refused one, and the exact wire strings. */
class TierPurchaseStateTest {

    private static final List<List<TierPurchaseState>> ALLOWED = List.of(
            List.of(TierPurchaseState.PENDING, TierPurchaseState.COMPLETED),
            List.of(TierPurchaseState.PENDING, TierPurchaseState.REFUSED));

    private static final List<List<TierPurchaseState>> REFUSED = List.of(
            List.of(TierPurchaseState.PENDING, TierPurchaseState.PENDING),
            List.of(TierPurchaseState.COMPLETED, TierPurchaseState.PENDING),
            List.of(TierPurchaseState.COMPLETED, TierPurchaseState.COMPLETED),
            List.of(TierPurchaseState.COMPLETED, TierPurchaseState.REFUSED),
            List.of(TierPurchaseState.REFUSED, TierPurchaseState.PENDING),
            List.of(TierPurchaseState.REFUSED, TierPurchaseState.COMPLETED),
            List.of(TierPurchaseState.REFUSED, TierPurchaseState.REFUSED));

    @Test
    void wireStringsAreTodays() {
        Map<TierPurchaseState, String> wires = Map.of(
                TierPurchaseState.PENDING, "pending",
                TierPurchaseState.COMPLETED, "completed",
                TierPurchaseState.REFUSED, "refused");
        assertThat(wires).hasSize(TierPurchaseState.values().length);
        wires.forEach((state, wire) -> {
            assertThat(state.wire()).isEqualTo(wire);
            assertThat(TierPurchaseState.of(wire)).isSameAs(state);
        });
        assertThatThrownBy(() -> TierPurchaseState.of("no_such_state")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void allowedMovesAreAllowed() {
        for (List<TierPurchaseState> move : ALLOWED) {
            assertThat(move.get(0).canMoveTo(move.get(1))).as("%s -> %s", move.get(0), move.get(1)).isTrue();
            assertThat(move.get(0).moveTo(move.get(1))).isSameAs(move.get(1));
        }
    }

    @Test
    void everyOtherMoveIsRefused() {
        assertThat(ALLOWED.size() + REFUSED.size()).isEqualTo(TierPurchaseState.values().length * TierPurchaseState.values().length);
        for (List<TierPurchaseState> move : REFUSED) {
            assertThat(move.get(0).canMoveTo(move.get(1))).as("%s -> %s", move.get(0), move.get(1)).isFalse();
            assertThatThrownBy(() -> move.get(0).moveTo(move.get(1))).isInstanceOf(Lifecycle.ForbiddenTransition.class)
                    .hasMessageContaining(move.get(0).wire()).hasMessageContaining(move.get(1).wire());
        }
    }
}
