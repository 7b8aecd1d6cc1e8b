package com.platformeconomy.earnings.app;

import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import java.util.Set;

/** The app life cycle (SPEC §4): draft → pending_review → active ⇄ suspended, back to active only by approval. */
final class AppState {

    static final String DRAFT = "draft";
    static final String PENDING_REVIEW = "pending_review";
    static final String ACTIVE = "active";
    static final String SUSPENDED = "suspended";

    private AppState() {
    }

    /** 409 naming the current state unless {@code app} is in one of {@code allowed}. */
    static void require(App app, String action, Set<String> allowed) {
        if (!allowed.contains(app.status)) {
            throw new ApiException(ErrorCode.INVALID_APP_STATE, "App " + app.appId + " is " + app.status
                    + "; " + action + " needs it to be " + String.join(" or ", allowed.stream().sorted().toList()) + ".");
        }
    }
}
