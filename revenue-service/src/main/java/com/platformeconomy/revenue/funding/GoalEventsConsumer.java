package com.platformeconomy.revenue.funding;

import com.fasterxml.jackson.databind.JsonNode;
import com.platformeconomy.contracts.event.CloudEvent;
import com.platformeconomy.contracts.event.EventCodec;
import com.platformeconomy.contracts.event.GoalChanged;
import com.platformeconomy.contracts.event.ForeignSourceException;
import com.platformeconomy.contracts.event.MalformedEventException;
import com.platformeconomy.contracts.event.Topics;
import com.platformeconomy.platform.parking.ParkedEventHandler;
import com.platformeconomy.platform.parking.ParkingLot;
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
 * decision, so the next check may fund again; a request goal-service refused closes it as refused
 * (it never stalls auto-funding). The updates only move forward, so replays and out-of-order
 * duplicates change nothing. An unreadable event is parked (contracts/parking).
 */
@ApplicationScoped
public class GoalEventsConsumer {

    private static final Logger LOG = Logger.getLogger(GoalEventsConsumer.class);

    private static final String ACTIVATE = """
            UPDATE funding_decision SET state = 'active', goal_id = :goalId, updated_at = now()
            WHERE request_id = :requestId AND state = 'requested'""";
    private static final String REFUSED = """
            UPDATE funding_decision SET state = 'refused', updated_at = now()
            WHERE request_id = :requestId AND state = 'requested'""";
    private static final String CLOSE = """
            UPDATE funding_decision SET state = 'stopped', goal_id = COALESCE(goal_id, :goalId), updated_at = now()
            WHERE request_id = :requestId AND state IN ('requested', 'active')""";

    static final String CHANNEL = "goal-events";

    private final GoalEventsConsumer.Applier applier;
    private final ParkingLot parking;

    public GoalEventsConsumer(Applier applier, ParkingLot parking) {
        this.applier = applier;
        this.parking = parking;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(String payload) {
        GoalChanged change;
        try {
            CloudEvent<JsonNode> event = EventCodec.decodeFrom(Topics.GOALS_EVENTS, payload == null ? "" : payload);
            if (!GoalChanged.TYPE.equals(event.type())) {
                return Uni.createFrom().voidItem();
            }
            change = EventCodec.data(event, GoalChanged.class);
        } catch (MalformedEventException e) {
            return parking.park(CHANNEL, null, payload, (e instanceof ForeignSourceException ? "refused: " : "unreadable: ") + e.getMessage())
                    .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(8);
        }
        if (change.requestId() == null || !change.requestId().startsWith(FundingService.REQUEST_PREFIX)) {
            return Uni.createFrom().voidItem(); // not a goal auto-funding asked for
        }
        return applier.apply(change)
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(8);
    }

    /** Replays a parked goals.events record (admin). */
    @ApplicationScoped
    public static class Replay implements ParkedEventHandler {

        private final GoalEventsConsumer consumer;

        public Replay(GoalEventsConsumer consumer) {
            this.consumer = consumer;
        }

        @Override
        public String channel() {
            return CHANNEL;
        }

        @Override
        public Uni<Void> apply(String payload) {
            CloudEvent<JsonNode> event = EventCodec.decodeFrom(Topics.GOALS_EVENTS, payload == null ? "" : payload); // fails while unreadable
            return GoalChanged.TYPE.equals(event.type()) ? consumer.consume(payload) : Uni.createFrom().voidItem();
        }
    }

    /** The state change, in its own transaction. */
    @ApplicationScoped
    public static class Applier {

        @WithTransaction
        public Uni<Void> apply(GoalChanged change) {
            boolean active = "active".equals(change.status());
            boolean refused = "refused".equals(change.change());
            String sql = refused ? REFUSED : active ? ACTIVATE : CLOSE;
            return Panache.getSession().chain(session -> {
                var update = session.createNativeQuery(sql).setParameter("requestId", change.requestId());
                if (!refused) { // a refused request has no goal
                    update.setParameter("goalId", change.goalId());
                }
                return update.executeUpdate();
            }).replaceWithVoid();
        }
    }
}
