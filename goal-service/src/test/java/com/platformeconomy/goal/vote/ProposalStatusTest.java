package com.platformeconomy.goal.vote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.platformeconomy.platform.state.Lifecycle;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ProposalStatus life cycle: every allowed move, every refused one, and the exact wire strings. */
class ProposalStatusTest {

    private static final List<List<ProposalStatus>> ALLOWED = List.of(
            List.of(ProposalStatus.OPEN, ProposalStatus.PASSED),
            List.of(ProposalStatus.OPEN, ProposalStatus.EXPIRED));

    private static final List<List<ProposalStatus>> REFUSED = List.of(
            List.of(ProposalStatus.OPEN, ProposalStatus.OPEN),
            List.of(ProposalStatus.PASSED, ProposalStatus.OPEN),
            List.of(ProposalStatus.PASSED, ProposalStatus.PASSED),
            List.of(ProposalStatus.PASSED, ProposalStatus.EXPIRED),
            List.of(ProposalStatus.EXPIRED, ProposalStatus.OPEN),
            List.of(ProposalStatus.EXPIRED, ProposalStatus.PASSED),
            List.of(ProposalStatus.EXPIRED, ProposalStatus.EXPIRED));

    @Test
    void wireStringsAreTodays() {
        Map<ProposalStatus, String> wires = Map.of(
                ProposalStatus.OPEN, "open",
                ProposalStatus.PASSED, "passed",
                ProposalStatus.EXPIRED, "expired");
        assertThat(wires).hasSize(ProposalStatus.values().length);
        wires.forEach((state, wire) -> {
            assertThat(state.wire()).isEqualTo(wire);
            assertThat(ProposalStatus.of(wire)).isSameAs(state);
        });
        assertThatThrownBy(() -> ProposalStatus.of("no_such_state")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void allowedMovesAreAllowed() {
        for (List<ProposalStatus> move : ALLOWED) {
            assertThat(move.get(0).canMoveTo(move.get(1))).as("%s -> %s", move.get(0), move.get(1)).isTrue();
            assertThat(move.get(0).moveTo(move.get(1))).isSameAs(move.get(1));
        }
    }

    @Test
    void everyOtherMoveIsRefused() {
        assertThat(ALLOWED.size() + REFUSED.size()).isEqualTo(ProposalStatus.values().length * ProposalStatus.values().length);
        for (List<ProposalStatus> move : REFUSED) {
            assertThat(move.get(0).canMoveTo(move.get(1))).as("%s -> %s", move.get(0), move.get(1)).isFalse();
            assertThatThrownBy(() -> move.get(0).moveTo(move.get(1))).isInstanceOf(Lifecycle.ForbiddenTransition.class)
                    .hasMessageContaining(move.get(0).wire()).hasMessageContaining(move.get(1).wire());
        }
    }
}
