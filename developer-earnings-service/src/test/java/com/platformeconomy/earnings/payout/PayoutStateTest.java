package com.platformeconomy.earnings.payout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.platformeconomy.platform.state.Lifecycle;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The PayoutState life cycle: every allowed move, every refused one, and the exact wire strings. */
class PayoutStateTest {

    private static final List<List<PayoutState>> ALLOWED = List.of(
            List.of(PayoutState.REQUESTED, PayoutState.APPROVED),
            List.of(PayoutState.REQUESTED, PayoutState.REJECTED),
            List.of(PayoutState.APPROVED, PayoutState.PAID));

    private static final List<List<PayoutState>> REFUSED = List.of(
            List.of(PayoutState.REQUESTED, PayoutState.REQUESTED),
            List.of(PayoutState.REQUESTED, PayoutState.PAID),
            List.of(PayoutState.APPROVED, PayoutState.REQUESTED),
            List.of(PayoutState.APPROVED, PayoutState.APPROVED),
            List.of(PayoutState.APPROVED, PayoutState.REJECTED),
            List.of(PayoutState.REJECTED, PayoutState.REQUESTED),
            List.of(PayoutState.REJECTED, PayoutState.APPROVED),
            List.of(PayoutState.REJECTED, PayoutState.REJECTED),
            List.of(PayoutState.REJECTED, PayoutState.PAID),
            List.of(PayoutState.PAID, PayoutState.REQUESTED),
            List.of(PayoutState.PAID, PayoutState.APPROVED),
            List.of(PayoutState.PAID, PayoutState.REJECTED),
            List.of(PayoutState.PAID, PayoutState.PAID));

    @Test
    void wireStringsAreTodays() {
        Map<PayoutState, String> wires = Map.of(
                PayoutState.REQUESTED, "requested",
                PayoutState.APPROVED, "approved",
                PayoutState.REJECTED, "rejected",
                PayoutState.PAID, "paid");
        assertThat(wires).hasSize(PayoutState.values().length);
        wires.forEach((state, wire) -> {
            assertThat(state.wire()).isEqualTo(wire);
            assertThat(PayoutState.of(wire)).isSameAs(state);
        });
        assertThatThrownBy(() -> PayoutState.of("no_such_state")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void allowedMovesAreAllowed() {
        for (List<PayoutState> move : ALLOWED) {
            assertThat(move.get(0).canMoveTo(move.get(1))).as("%s -> %s", move.get(0), move.get(1)).isTrue();
            assertThat(move.get(0).moveTo(move.get(1))).isSameAs(move.get(1));
        }
    }

    @Test
    void everyOtherMoveIsRefused() {
        assertThat(ALLOWED.size() + REFUSED.size()).isEqualTo(PayoutState.values().length * PayoutState.values().length);
        for (List<PayoutState> move : REFUSED) {
            assertThat(move.get(0).canMoveTo(move.get(1))).as("%s -> %s", move.get(0), move.get(1)).isFalse();
            assertThatThrownBy(() -> move.get(0).moveTo(move.get(1))).isInstanceOf(Lifecycle.ForbiddenTransition.class)
                    .hasMessageContaining(move.get(0).wire()).hasMessageContaining(move.get(1).wire());
        }
    }

    @Test
    void theSqlListsNameTheStatesThatHoldOrPayTokens() {
        assertThat(PayoutState.sqlList(PayoutState::holdsTokens)).isEqualTo("'requested', 'approved', 'paid'");
        assertThat(PayoutState.sqlList(PayoutState::paidOut)).isEqualTo("'approved', 'paid'");
    }
}
