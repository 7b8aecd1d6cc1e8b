package com.platformeconomy.revenue.funding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.platformeconomy.platform.state.Lifecycle;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The FundingState life cycle: every allowed move, every refused one, and the exact wire strings. */
class FundingStateTest {

    private static final List<List<FundingState>> ALLOWED = List.of(
            List.of(FundingState.REQUESTED, FundingState.ACTIVE),
            List.of(FundingState.REQUESTED, FundingState.REFUSED),
            List.of(FundingState.REQUESTED, FundingState.STOPPED),
            List.of(FundingState.ACTIVE, FundingState.STOPPED));

    private static final List<List<FundingState>> REFUSED = List.of(
            List.of(FundingState.REQUESTED, FundingState.REQUESTED),
            List.of(FundingState.ACTIVE, FundingState.REQUESTED),
            List.of(FundingState.ACTIVE, FundingState.ACTIVE),
            List.of(FundingState.ACTIVE, FundingState.REFUSED),
            List.of(FundingState.STOPPED, FundingState.REQUESTED),
            List.of(FundingState.STOPPED, FundingState.ACTIVE),
            List.of(FundingState.STOPPED, FundingState.STOPPED),
            List.of(FundingState.STOPPED, FundingState.REFUSED),
            List.of(FundingState.REFUSED, FundingState.REQUESTED),
            List.of(FundingState.REFUSED, FundingState.ACTIVE),
            List.of(FundingState.REFUSED, FundingState.STOPPED),
            List.of(FundingState.REFUSED, FundingState.REFUSED));

    @Test
    void wireStringsAreTodays() {
        Map<FundingState, String> wires = Map.of(
                FundingState.REQUESTED, "requested",
                FundingState.ACTIVE, "active",
                FundingState.STOPPED, "stopped",
                FundingState.REFUSED, "refused");
        assertThat(wires).hasSize(FundingState.values().length);
        wires.forEach((state, wire) -> {
            assertThat(state.wire()).isEqualTo(wire);
            assertThat(FundingState.of(wire)).isSameAs(state);
        });
        assertThatThrownBy(() -> FundingState.of("no_such_state")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void allowedMovesAreAllowed() {
        for (List<FundingState> move : ALLOWED) {
            assertThat(move.get(0).canMoveTo(move.get(1))).as("%s -> %s", move.get(0), move.get(1)).isTrue();
            assertThat(move.get(0).moveTo(move.get(1))).isSameAs(move.get(1));
        }
    }

    @Test
    void everyOtherMoveIsRefused() {
        assertThat(ALLOWED.size() + REFUSED.size()).isEqualTo(FundingState.values().length * FundingState.values().length);
        for (List<FundingState> move : REFUSED) {
            assertThat(move.get(0).canMoveTo(move.get(1))).as("%s -> %s", move.get(0), move.get(1)).isFalse();
            assertThatThrownBy(() -> move.get(0).moveTo(move.get(1))).isInstanceOf(Lifecycle.ForbiddenTransition.class)
                    .hasMessageContaining(move.get(0).wire()).hasMessageContaining(move.get(1).wire());
        }
    }

    @Test
    void openDecisionsAreRequestedOrActive() {
        assertThat(FundingState.sqlList(FundingState::isOpen)).isEqualTo("'requested', 'active'");
    }
}
