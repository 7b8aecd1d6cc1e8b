package com.platformeconomy.earnings.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.platformeconomy.platform.state.Lifecycle;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The AppState life cycle: every allowed move, every refused one, and the exact wire strings. */
class AppStateTest {

    private static final List<List<AppState>> ALLOWED = List.of(
            List.of(AppState.DRAFT, AppState.PENDING_REVIEW),
            List.of(AppState.PENDING_REVIEW, AppState.ACTIVE),
            List.of(AppState.ACTIVE, AppState.SUSPENDED),
            List.of(AppState.SUSPENDED, AppState.PENDING_REVIEW),
            List.of(AppState.SUSPENDED, AppState.ACTIVE));

    private static final List<List<AppState>> REFUSED = List.of(
            List.of(AppState.DRAFT, AppState.DRAFT),
            List.of(AppState.DRAFT, AppState.ACTIVE),
            List.of(AppState.DRAFT, AppState.SUSPENDED),
            List.of(AppState.PENDING_REVIEW, AppState.DRAFT),
            List.of(AppState.PENDING_REVIEW, AppState.PENDING_REVIEW),
            List.of(AppState.PENDING_REVIEW, AppState.SUSPENDED),
            List.of(AppState.ACTIVE, AppState.DRAFT),
            List.of(AppState.ACTIVE, AppState.PENDING_REVIEW),
            List.of(AppState.ACTIVE, AppState.ACTIVE),
            List.of(AppState.SUSPENDED, AppState.DRAFT),
            List.of(AppState.SUSPENDED, AppState.SUSPENDED));

    @Test
    void wireStringsAreTodays() {
        Map<AppState, String> wires = Map.of(
                AppState.DRAFT, "draft",
                AppState.PENDING_REVIEW, "pending_review",
                AppState.ACTIVE, "active",
                AppState.SUSPENDED, "suspended");
        assertThat(wires).hasSize(AppState.values().length);
        wires.forEach((state, wire) -> {
            assertThat(state.wire()).isEqualTo(wire);
            assertThat(AppState.of(wire)).isSameAs(state);
        });
        assertThatThrownBy(() -> AppState.of("no_such_state")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void allowedMovesAreAllowed() {
        for (List<AppState> move : ALLOWED) {
            assertThat(move.get(0).canMoveTo(move.get(1))).as("%s -> %s", move.get(0), move.get(1)).isTrue();
            assertThat(move.get(0).moveTo(move.get(1))).isSameAs(move.get(1));
        }
    }

    @Test
    void everyOtherMoveIsRefused() {
        assertThat(ALLOWED.size() + REFUSED.size()).isEqualTo(AppState.values().length * AppState.values().length);
        for (List<AppState> move : REFUSED) {
            assertThat(move.get(0).canMoveTo(move.get(1))).as("%s -> %s", move.get(0), move.get(1)).isFalse();
            assertThatThrownBy(() -> move.get(0).moveTo(move.get(1))).isInstanceOf(Lifecycle.ForbiddenTransition.class)
                    .hasMessageContaining(move.get(0).wire()).hasMessageContaining(move.get(1).wire());
        }
    }

    @Test
    void aRefusedMoveAnswersTodays409() {
        App app = new App();
        app.appId = "a1";
        app.status = "active";
        assertThatThrownBy(() -> AppState.requireMove(app, "approval", AppState.ACTIVE))
                .isInstanceOf(com.platformeconomy.platform.problem.ApiException.class)
                .hasMessage("App a1 is active; approval needs it to be pending_review or suspended.");
        app.status = "pending_review";
        assertThatThrownBy(() -> AppState.requireMove(app, "submitting", AppState.PENDING_REVIEW))
                .hasMessage("App a1 is pending_review; submitting needs it to be draft or suspended.");
        assertThatThrownBy(() -> AppState.require(app, "editing", AppState.EDITABLE))
                .hasMessage("App a1 is pending_review; editing needs it to be draft or suspended.");
        app.status = "suspended";
        AppState.requireMove(app, "approval", AppState.ACTIVE);
    }
}
