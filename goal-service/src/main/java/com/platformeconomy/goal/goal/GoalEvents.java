package com.platformeconomy.goal.goal;

import com.platformeconomy.contracts.event.CloudEvent;
import com.platformeconomy.contracts.event.GoalChanged;
import com.platformeconomy.contracts.event.Topics;
import com.platformeconomy.contracts.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * Tells {@code goals.events} what happened to a goal, through the outbox, in the caller's transaction.
 * The event id is the goal and the change, so each goal has at most one created, went_live and
 * stopped event however often a decision is retried.
 */
@ApplicationScoped
public class GoalEvents {

    public static final String CREATED = "created";
    public static final String WENT_LIVE = "went_live";
    public static final String STOPPED = "stopped";

    static final String SOURCE = "goal-service";

    private final Outbox outbox;

    public GoalEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    public Uni<Void> changed(TradingGoal goal, String change) {
        GoalChanged data = new GoalChanged(goal.goalId, goal.requestId, change, goal.status, goal.mode,
                goal.budgetTokens, goal.fundingSource);
        return outbox.add(Topics.GOALS_EVENTS, CloudEvent.of(
                "goal:" + goal.goalId + ":" + change, GoalChanged.TYPE, SOURCE, goal.goalId, Instant.now(), data));
    }
}
