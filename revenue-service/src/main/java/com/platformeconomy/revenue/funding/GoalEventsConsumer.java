package com.platformeconomy.revenue.funding;

import com.fasterxml.jackson.databind.JsonNode;
import com.platformeconomy.contracts.event.CloudEvent;
import com.platformeconomy.contracts.event.EventCodec;
import com.platformeconomy.contracts.event.GoalChanged;
import com.platformeconomy.contracts.event.MalformedEventException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Learns from goals.events what became of the goals auto-funding requested: created gives the goal
 * id and makes the decision active; a goal that is no longer active (stopped, completed) closes the
 * decision, so the next check may fund again. The updates only move forward, so replays and
 * out-of-order duplicates change nothing.
 */
@ApplicationScoped
public class GoalEventsConsumer {

    private static final Logger LOG = Logger.getLogger(GoalEventsConsumer.class);

    private static final String ACTIVATE = """
            UPDATE funding_decision SET state = 'active', goal_id = :goalId, updated_at = now()
            WHERE request_id = :requestId AND state = 'requested'""";
    private static final String CLOSE = """
            UPDATE funding_decision SET state = 'stopped', goal_id = COALESCE(goal_id, :goalId), updated_at = now()
            WHERE request_id = :requestId AND state IN ('requested', 'active')""";

    private final GoalEventsConsumer.Applier applier;

    public GoalEventsConsumer(Applier applier) {
        this.applier = applier;
    }

    @Incoming("goal-events")
    public Uni<Void> consume(String payload) {
        GoalChanged change;
        try {
            CloudEvent<JsonNode> event = EventCodec.decode(payload == null ? "" : payload);
            if (!GoalChanged.TYPE.equals(event.type())) {
                return Uni.createFrom().voidItem();
            }
            change = EventCodec.data(event, GoalChanged.class);
        } catch (MalformedEventException e) {
            LOG.warnf("unreadable goals.events record skipped: %s", e.getMessage());
            return Uni.createFrom().voidItem();
        }
        if (change.requestId() == null || !change.requestId().startsWith(FundingService.REQUEST_PREFIX)) {
            return Uni.createFrom().voidItem(); // not a goal auto-funding asked for
        }
        return applier.apply(change)
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(8);
    }

    /** The state change, in its own transaction. */
    @ApplicationScoped
    public static class Applier {

        @WithTransaction
        public Uni<Void> apply(GoalChanged change) {
            boolean active = "active".equals(change.status());
            return Panache.getSession().chain(session -> session.createNativeQuery(active ? ACTIVATE : CLOSE)
                    .setParameter("goalId", change.goalId())
                    .setParameter("requestId", change.requestId())
                    .executeUpdate()).replaceWithVoid();
        }
    }
}
