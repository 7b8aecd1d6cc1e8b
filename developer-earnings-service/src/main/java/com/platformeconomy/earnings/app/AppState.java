package com.platformeconomy.earnings.app;

import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import com.platformeconomy.platform.state.Lifecycle;
import java.util.EnumSet;
import java.util.Set;

/** The app life cycle (SPEC §4): draft → pending_review → active ⇄ suspended; suspended goes back to active by approval, or through review again (submit) after an edit. */
public enum AppState implements Lifecycle<AppState> {
    DRAFT("draft"),
    PENDING_REVIEW("pending_review"),
    ACTIVE("active"),
    SUSPENDED("suspended");

    private final String wire;

    AppState(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    /** The allowed transitions, all of them. */
    @Override
    public Set<AppState> next() {
        return switch (this) {
            case DRAFT -> Set.of(PENDING_REVIEW);
            case PENDING_REVIEW -> Set.of(ACTIVE);
            case ACTIVE -> Set.of(SUSPENDED);
            case SUSPENDED -> Set.of(PENDING_REVIEW, ACTIVE);
        };
    }

    public static AppState of(String wire) {
        return Lifecycle.of(AppState.class, wire);
    }

    /** Where pricing and name may change: never while an admin reviews the app, nor while it is active. */
    static final Set<AppState> EDITABLE = EnumSet.of(DRAFT, SUSPENDED);

    /** 409 naming the current state unless {@code app} may move to {@code to}. */
    static void requireMove(App app, String action, AppState to) {
        require(app, action, Lifecycle.sources(AppState.class, to));
    }

    /** 409 naming the current state unless {@code app} is in one of {@code states}. */
    static void require(App app, String action, Set<AppState> states) {
        Set<String> allowed = new java.util.TreeSet<>(states.stream().map(AppState::wire).toList());
        if (!states.contains(app.state())) {
            throw new ApiException(ErrorCode.INVALID_APP_STATE, "App " + app.appId + " is " + app.status
                    + "; " + action + " needs it to be " + String.join(" or ", allowed.stream().sorted().toList()) + ".");
        }
    }
}
