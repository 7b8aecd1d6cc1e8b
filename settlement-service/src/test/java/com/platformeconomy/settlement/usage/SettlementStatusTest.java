package com.platformeconomy.settlement.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.platformeconomy.platform.state.Lifecycle;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SettlementStatus life cycle: every allowed move, every refused one, and the exact wire strings. */
class SettlementStatusTest {

    private static final List<List<SettlementStatus>> ALLOWED = List.of(
            List.of(SettlementStatus.PENDING, SettlementStatus.SETTLED),
            List.of(SettlementStatus.PENDING, SettlementStatus.WRITTEN_OFF),
            List.of(SettlementStatus.PENDING, SettlementStatus.NOT_PAYABLE));

    private static final List<List<SettlementStatus>> REFUSED = List.of(
            List.of(SettlementStatus.PENDING, SettlementStatus.PENDING),
            List.of(SettlementStatus.SETTLED, SettlementStatus.PENDING),
            List.of(SettlementStatus.SETTLED, SettlementStatus.SETTLED),
            List.of(SettlementStatus.SETTLED, SettlementStatus.WRITTEN_OFF),
            List.of(SettlementStatus.SETTLED, SettlementStatus.NOT_PAYABLE),
            List.of(SettlementStatus.WRITTEN_OFF, SettlementStatus.PENDING),
            List.of(SettlementStatus.WRITTEN_OFF, SettlementStatus.SETTLED),
            List.of(SettlementStatus.WRITTEN_OFF, SettlementStatus.WRITTEN_OFF),
            List.of(SettlementStatus.WRITTEN_OFF, SettlementStatus.NOT_PAYABLE),
            List.of(SettlementStatus.NOT_PAYABLE, SettlementStatus.PENDING),
            List.of(SettlementStatus.NOT_PAYABLE, SettlementStatus.SETTLED),
            List.of(SettlementStatus.NOT_PAYABLE, SettlementStatus.WRITTEN_OFF),
            List.of(SettlementStatus.NOT_PAYABLE, SettlementStatus.NOT_PAYABLE));

    @Test
    void wireStringsAreTodays() {
        Map<SettlementStatus, String> wires = Map.of(
                SettlementStatus.PENDING, "pending",
                SettlementStatus.SETTLED, "settled",
                SettlementStatus.WRITTEN_OFF, "written_off",
                SettlementStatus.NOT_PAYABLE, "not_payable");
        assertThat(wires).hasSize(SettlementStatus.values().length);
        wires.forEach((state, wire) -> {
            assertThat(state.wire()).isEqualTo(wire);
            assertThat(SettlementStatus.of(wire)).isSameAs(state);
        });
        assertThatThrownBy(() -> SettlementStatus.of("no_such_state")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void allowedMovesAreAllowed() {
        for (List<SettlementStatus> move : ALLOWED) {
            assertThat(move.get(0).canMoveTo(move.get(1))).as("%s -> %s", move.get(0), move.get(1)).isTrue();
            assertThat(move.get(0).moveTo(move.get(1))).isSameAs(move.get(1));
        }
    }

    @Test
    void everyOtherMoveIsRefused() {
        assertThat(ALLOWED.size() + REFUSED.size()).isEqualTo(SettlementStatus.values().length * SettlementStatus.values().length);
        for (List<SettlementStatus> move : REFUSED) {
            assertThat(move.get(0).canMoveTo(move.get(1))).as("%s -> %s", move.get(0), move.get(1)).isFalse();
            assertThatThrownBy(() -> move.get(0).moveTo(move.get(1))).isInstanceOf(Lifecycle.ForbiddenTransition.class)
                    .hasMessageContaining(move.get(0).wire()).hasMessageContaining(move.get(1).wire());
        }
    }
}
