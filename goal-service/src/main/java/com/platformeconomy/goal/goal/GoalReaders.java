package com.platformeconomy.goal.goal;

import com.platformeconomy.contracts.identity.Roles;
import com.platformeconomy.goal.config.GoalConfig;
import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Who reads goals, their books and their votes: an admin, or a holder of the voter role
 * ({@code goal.vote.voter-role}: who decides on going live sees what it decides on). Goals are the
 * platform's own funds (SPEC §8: a caller acts on its own resources only, unless admin or service;
 * SPEC §10: a route names the services that may call it, and goal-service names none), and an
 * auto-funded goal's budget is a tenth of the platform's excess, which the revenue dashboard shows
 * to admins alone.
 */
@ApplicationScoped
public class GoalReaders {

    private final SecurityIdentity caller;
    private final GoalConfig config;

    public GoalReaders(SecurityIdentity caller, GoalConfig config) {
        this.caller = caller;
        this.config = config;
    }

    /** Whether the caller is an admin or a voter: who reads goals, and who may propose live trading. */
    public boolean adminOrVoter() {
        return caller.hasRole(Roles.ADMIN) || caller.hasRole(config.vote().voterRole());
    }

    /** Refuses (403) a signed-in caller that is neither an admin nor a voter. */
    public void require() {
        if (!adminOrVoter()) {
            throw new ApiException(ErrorCode.FORBIDDEN, "Goals are the platform's funds: an admin or a voter ("
                    + config.vote().voterRole() + ") reads them.");
        }
    }
}
