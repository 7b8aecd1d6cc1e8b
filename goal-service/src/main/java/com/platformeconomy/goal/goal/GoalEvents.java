package com.platformeconomy.goal.goal;

import com.platformeconomy.contracts.event.CloudEvent;
import com.platformeconomy.contracts.event.GoalChanged;
import com.platformeconomy.contracts.event.Topics;
import com.platformeconomy.platform.outbox.Outbox;
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
    /** A goal request that could not be honoured: no goal exists, and the requester's decision is free again. */
    public static final String REFUSED = "refused";

    static final String SOURCE = Topics.source(Topics.GOAL);

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

    /**
     * Tells the requester that its request was refused (issue 16: auto-funding never stalls). There
     * is no goal: the event is about the request, keyed and identified by its id, once per request.
     */
    public Uni<Void> refused(String requestId, long budgetTokens, String fundingSource) {
        GoalChanged data = new GoalChanged(null, requestId, REFUSED, REFUSED, null, budgetTokens, fundingSource);
        return outbox.add(Topics.GOALS_EVENTS, CloudEvent.of(
                "goal-request:" + requestId + ":" + REFUSED, GoalChanged.TYPE, SOURCE, requestId, Instant.now(), data));
    }
}
