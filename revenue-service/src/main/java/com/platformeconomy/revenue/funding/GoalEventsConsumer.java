package com.platformeconomy.revenue.funding;

import com.fasterxml.jackson.databind.JsonNode;
import com.platformeconomy.contracts.event.CloudEvent;
import com.platformeconomy.contracts.event.EventCodec;
import com.platformeconomy.contracts.event.GoalChanged;
import com.platformeconomy.contracts.event.Topics;
import com.platformeconomy.platform.consumer.EventConsumer;
import com.platformeconomy.platform.consumer.Retry;
import com.platformeconomy.platform.parking.ParkedEventHandler;
import com.platformeconomy.platform.parking.ParkingLot;
import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Learns from goals.events what became of the goals auto-funding requested: created gives the goal
 * id and makes the decision active; a goal that is no longer active (stopped, completed) closes the
 * decision, so the next check may fund again; a request goal-service refused closes it as refused
 * (it never stalls auto-funding). The updates only move forward, so replays and out-of-order
 * duplicates change nothing. An unreadable event is parked (platform/parking).
 */
@ApplicationScoped
@io.quarkus.runtime.Startup
public class GoalEventsConsumer implements ParkedEventHandler {

    // A refused request is final in goal-service (it records the refused request id with the refusal,
    // so a replay of the parked request or a redelivery is refused again; its route refuses the
    // decision's request ids). Should a goal be created for it all the same (an older goal-service),
    // a goal of the decision's reserve and source (requireTheDecisionsGoal) is the decision's goal, and
    // blocks the next decision — but only while that decision is the newest (one open at a time, and a goal that
    // comes after a later decision was made is a second goal for the same excess: parked, for an
    // admin to see, never adopted, even by a replay of the parked event once the later one closed).
    private static final String ACTIVATE = """
            UPDATE funding_decision d SET state = 'active', goal_id = :goalId, updated_at = now()
            WHERE d.request_id = :requestId
              AND (d.state = 'requested'
                   OR (d.state = 'refused' AND NOT EXISTS (
                           SELECT 1 FROM funding_decision n WHERE n.decision_id <> d.decision_id
                             AND (n.decided_at >= d.decided_at OR n.state IN ('requested', 'active')))))""";
    private static final String STILL_REFUSED = "SELECT count(*) FROM funding_decision WHERE request_id = :requestId AND state = 'refused'";
    private static final String REFUSED = """
            UPDATE funding_decision SET state = 'refused', updated_at = now()
            WHERE request_id = :requestId AND state = 'requested'""";
    // A goal of a refused request that stops closes it too: its excess did fund a goal, and a late
    // created event (a replay) can then adopt nothing.
    // Only the decision's goal closes it: the one adopted, or, before one was, a goal of the decision's
    // reserve from the platform's revenue (CLOSE); a goal of another source only if it was adopted (never).
    private static final String CLOSE = """
            UPDATE funding_decision SET state = 'stopped', goal_id = COALESCE(goal_id, :goalId), updated_at = now()
            WHERE request_id = :requestId AND state IN ('requested', 'active', 'refused')
              AND (goal_id = :goalId OR (goal_id IS NULL AND reserved_tokens = :budget))""";
    private static final String CLOSE_ADOPTED = """
            UPDATE funding_decision SET state = 'stopped', updated_at = now()
            WHERE request_id = :requestId AND state IN ('requested', 'active', 'refused') AND goal_id = :goalId""";
    private static final String RESERVED = "SELECT reserved_tokens FROM funding_decision WHERE request_id = :requestId";

    static final String CHANNEL = "goal-events";

    private final GoalEventsConsumer.Applier applier;
    private final EventConsumer<GoalChanged> consumer;

    public GoalEventsConsumer(Applier applier, ParkingLot parking, MeterRegistry registry) {
        this.applier = applier;
        // The decision's state only moves forward, so a retry or a redelivery changes nothing twice.
        this.consumer = EventConsumer.of(CHANNEL, GoalEventsConsumer::read, parking, Retry.THEN_FAIL, registry);
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(String payload) {
        return consumer.one(payload, applier::apply);
    }

    /** The change of a goal auto-funding asked for; null for any other goal or event. */
    private static GoalChanged read(String payload) {
        CloudEvent<JsonNode> event = EventCodec.decodeFrom(Topics.GOALS_EVENTS, payload);
        if (!GoalChanged.TYPE.equals(event.type())) {
            return null;
        }
        GoalChanged change = EventCodec.data(event, GoalChanged.class);
        if (change.requestId() == null || !change.requestId().startsWith(FundingService.REQUEST_PREFIX)) {
            return null; // not a goal auto-funding asked for
        }
        return change;
    }

    @Override
    public String channel() {
        return CHANNEL;
    }

    /** Replays a parked goals.events record (admin): it stays parked while it still cannot be read. */
    @Override
    public Uni<Void> apply(String payload) {
        return consumer.replay(payload, applier::apply);
    }

    /** The state change, in its own transaction. */
    @ApplicationScoped
    public static class Applier {

        @WithTransaction
        public Uni<Void> apply(GoalChanged change) {
            boolean active = "active".equals(change.status());
            boolean refused = "refused".equals(change.change());
            boolean fromRevenue = FundingService.FUNDING_SOURCE.equals(change.fundingSource());
            String sql = refused ? REFUSED : active ? ACTIVATE : fromRevenue ? CLOSE : CLOSE_ADOPTED;
            return Panache.getSession().chain(session -> (refused ? Uni.createFrom().voidItem() : requireTheDecisionsGoal(session, change))
                    .chain(() -> {
                var update = session.createNativeQuery(sql).setParameter("requestId", change.requestId());
                if (!refused) { // a refused request has no goal
                    update.setParameter("goalId", change.goalId());
                }
                if (!refused && !active && fromRevenue) {
                    update.setParameter("budget", change.budgetTokens());
                }
                return update.executeUpdate().chain(updated -> updated > 0 || !active ? Uni.createFrom().voidItem()
                        : session.createNativeQuery(STILL_REFUSED, Long.class).setParameter("requestId", change.requestId())
                                .getSingleResult().invoke(stillRefused -> {
                                    if (stillRefused > 0) {
                                        throw new ApiException(ErrorCode.CONFLICT, "goal " + change.goalId()
                                                + " was created for the refused request " + change.requestId()
                                                + " after a later funding decision was made: not adopted (one excess, two goals)");
                                    }
                                }).replaceWithVoid());
            })).replaceWithVoid();
        }

        /**
         * A goal under the decision's request id is its goal only if it is what the decision asked for:
         * its reserve, from the platform's revenue. goal-service's route refuses the auto-funding ids
         * (403; GoalRequested.AUTO_FUNDING_PREFIX), so such a goal comes only from revenue's own request;
         * one of another budget or source (made over the route before it refused them) is parked, not
         * adopted: the dashboard would show it as the platform's funded goal. Its stop closes nothing
         * (CLOSE_ADOPTED, or CLOSE's budget condition).
         */
        private static Uni<Void> requireTheDecisionsGoal(org.hibernate.reactive.mutiny.Mutiny.Session session, GoalChanged change) {
            if (!"active".equals(change.status())) {
                return Uni.createFrom().voidItem();
            }
            return session.createNativeQuery(RESERVED, Long.class).setParameter("requestId", change.requestId()).getResultList()
                    .invoke(reserved -> {
                        if (!reserved.isEmpty() && (reserved.get(0) != change.budgetTokens()
                                || !FundingService.FUNDING_SOURCE.equals(change.fundingSource()))) {
                            throw new ApiException(ErrorCode.CONFLICT, "goal " + change.goalId() + " under request "
                                    + change.requestId() + " has budget " + change.budgetTokens() + " from " + change.fundingSource()
                                    + ", not the decision's reserve of " + reserved.get(0) + " from " + FundingService.FUNDING_SOURCE
                                    + ": not adopted");
                        }
                    }).replaceWithVoid();
        }
    }
}
