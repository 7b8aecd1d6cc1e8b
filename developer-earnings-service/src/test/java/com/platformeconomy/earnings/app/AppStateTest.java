package com.platformeconomy.earnings.app;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.platformeconomy.testkit.state.LifecycleContract;
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

    @Test
    void wireStringsAndMovesAreExactlyThese() {
        LifecycleContract.holds(AppState.class, AppState::of, Map.of(
                AppState.DRAFT, "draft",
                AppState.PENDING_REVIEW, "pending_review",
                AppState.ACTIVE, "active",
                AppState.SUSPENDED, "suspended"), ALLOWED);
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
