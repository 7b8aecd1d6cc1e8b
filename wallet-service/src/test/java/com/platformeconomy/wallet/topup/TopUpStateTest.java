package com.platformeconomy.wallet.topup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.platformeconomy.platform.state.Lifecycle;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The top-up saga's life cycle (TopUp.State): every allowed move, every refused one, and the exact wire strings. */
class TopUpStateTest {

    private static final List<List<TopUp.State>> ALLOWED = List.of(
            List.of(TopUp.State.requested, TopUp.State.requires_payment),
            List.of(TopUp.State.requested, TopUp.State.captured),
            List.of(TopUp.State.requested, TopUp.State.failed),
            List.of(TopUp.State.requires_payment, TopUp.State.requested),
            List.of(TopUp.State.requires_payment, TopUp.State.captured),
            List.of(TopUp.State.requires_payment, TopUp.State.failed),
            List.of(TopUp.State.captured, TopUp.State.credited),
            List.of(TopUp.State.captured, TopUp.State.compensating),
            List.of(TopUp.State.compensating, TopUp.State.credited),
            List.of(TopUp.State.compensating, TopUp.State.refunded),
            List.of(TopUp.State.failed, TopUp.State.compensating));

    private static final List<List<TopUp.State>> REFUSED = List.of(
            List.of(TopUp.State.requested, TopUp.State.requested),
            List.of(TopUp.State.requested, TopUp.State.compensating),
            List.of(TopUp.State.requested, TopUp.State.credited),
            List.of(TopUp.State.requested, TopUp.State.refunded),
            List.of(TopUp.State.requires_payment, TopUp.State.requires_payment),
            List.of(TopUp.State.requires_payment, TopUp.State.compensating),
            List.of(TopUp.State.requires_payment, TopUp.State.credited),
            List.of(TopUp.State.requires_payment, TopUp.State.refunded),
            List.of(TopUp.State.captured, TopUp.State.requested),
            List.of(TopUp.State.captured, TopUp.State.requires_payment),
            List.of(TopUp.State.captured, TopUp.State.captured),
            List.of(TopUp.State.captured, TopUp.State.failed),
            List.of(TopUp.State.captured, TopUp.State.refunded),
            List.of(TopUp.State.compensating, TopUp.State.requested),
            List.of(TopUp.State.compensating, TopUp.State.requires_payment),
            List.of(TopUp.State.compensating, TopUp.State.captured),
            List.of(TopUp.State.compensating, TopUp.State.compensating),
            List.of(TopUp.State.compensating, TopUp.State.failed),
            List.of(TopUp.State.failed, TopUp.State.requested),
            List.of(TopUp.State.failed, TopUp.State.requires_payment),
            List.of(TopUp.State.failed, TopUp.State.captured),
            List.of(TopUp.State.failed, TopUp.State.failed),
            List.of(TopUp.State.failed, TopUp.State.credited),
            List.of(TopUp.State.failed, TopUp.State.refunded),
            List.of(TopUp.State.credited, TopUp.State.requested),
            List.of(TopUp.State.credited, TopUp.State.requires_payment),
            List.of(TopUp.State.credited, TopUp.State.captured),
            List.of(TopUp.State.credited, TopUp.State.compensating),
            List.of(TopUp.State.credited, TopUp.State.failed),
            List.of(TopUp.State.credited, TopUp.State.credited),
            List.of(TopUp.State.credited, TopUp.State.refunded),
            List.of(TopUp.State.refunded, TopUp.State.requested),
            List.of(TopUp.State.refunded, TopUp.State.requires_payment),
            List.of(TopUp.State.refunded, TopUp.State.captured),
            List.of(TopUp.State.refunded, TopUp.State.compensating),
            List.of(TopUp.State.refunded, TopUp.State.failed),
            List.of(TopUp.State.refunded, TopUp.State.credited),
            List.of(TopUp.State.refunded, TopUp.State.refunded));

    @Test
    void wireStringsAreTodays() {
        Map<TopUp.State, String> wires = Map.of(
                TopUp.State.requested, "requested",
                TopUp.State.requires_payment, "requires_payment",
                TopUp.State.captured, "captured",
                TopUp.State.compensating, "compensating",
                TopUp.State.failed, "failed",
                TopUp.State.credited, "credited",
                TopUp.State.refunded, "refunded");
        assertThat(wires).hasSize(TopUp.State.values().length);
        wires.forEach((state, wire) -> {
            assertThat(state.wire()).isEqualTo(wire);
            assertThat(TopUp.State.valueOf(wire)).isSameAs(state);
        });
        assertThatThrownBy(() -> TopUp.State.valueOf("no_such_state")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void allowedMovesAreAllowed() {
        for (List<TopUp.State> move : ALLOWED) {
            assertThat(move.get(0).canMoveTo(move.get(1))).as("%s -> %s", move.get(0), move.get(1)).isTrue();
            assertThat(move.get(0).moveTo(move.get(1))).isSameAs(move.get(1));
        }
    }

    @Test
    void everyOtherMoveIsRefused() {
        assertThat(ALLOWED.size() + REFUSED.size()).isEqualTo(TopUp.State.values().length * TopUp.State.values().length);
        for (List<TopUp.State> move : REFUSED) {
            assertThat(move.get(0).canMoveTo(move.get(1))).as("%s -> %s", move.get(0), move.get(1)).isFalse();
            assertThatThrownBy(() -> move.get(0).moveTo(move.get(1))).isInstanceOf(Lifecycle.ForbiddenTransition.class)
                    .hasMessageContaining(move.get(0).wire()).hasMessageContaining(move.get(1).wire());
        }
    }
}
