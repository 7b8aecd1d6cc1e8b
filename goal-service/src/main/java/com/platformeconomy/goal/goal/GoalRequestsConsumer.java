package com.platformeconomy.goal.goal;

import com.platformeconomy.contracts.event.CloudEvent;
import com.platformeconomy.contracts.event.EventCodec;
import com.platformeconomy.contracts.event.GoalRequested;
import com.platformeconomy.contracts.event.ForeignSourceException;
import com.platformeconomy.contracts.event.MalformedEventException;
import com.platformeconomy.contracts.event.Topics;
import com.platformeconomy.platform.parking.ParkedEventHandler;
import com.platformeconomy.platform.parking.ParkingLot;
import com.platformeconomy.platform.problem.ApiException;
import io.micrometer.core.instrument.Counter;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Creates goals from {@code goals.requests} (revenue-service's auto-funding), once per request id.
 * A request that can never be honoured (malformed, invalid, live, or a reused request id) is logged
 * and skipped: one bad event must not stop every later request. When its request id is known, the
 * refusal is told back on {@code goals.events} ({@link GoalEvents#refused}), so that the requester
 * (revenue-service's auto-funding decision) does not wait for a goal that will never exist. A
 * failure that may pass (the database away) is retried and, if it persists, fails the channel
 * rather than losing the request.
 */
@ApplicationScoped
public class GoalRequestsConsumer implements ParkedEventHandler {

    static final String CHANNEL = "goal-requests";

    private static final Logger LOG = Logger.getLogger(GoalRequestsConsumer.class);

    private final GoalService goals;
    private final Validator validator;
    private final Counter skipped;
    private final GoalEvents events;
    private final ParkingLot parking;

    public GoalRequestsConsumer(GoalService goals, Validator validator, MeterRegistry registry, GoalEvents events,
                                ParkingLot parking) {
        this.parking = parking;
        this.goals = goals;
        this.validator = validator;
        this.events = events;
        this.skipped = Counter.builder("goals.requests.skipped")
                .description("goal requests from Kafka that were malformed or refused and skipped").register(registry);
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(String payload) {
        NewGoal spec;
        try {
            spec = read(payload);
        } catch (ForeignSourceException foreign) {
            // Not revenue-service's request (SPEC §10): parked for an admin, and no refusal told on its behalf.
            skipped.increment();
            return parking.park(CHANNEL, null, payload, "refused: " + foreign.getMessage());
        } catch (MalformedEventException e) {
            return refuse(payload).chain(() -> skip("malformed goal request skipped: %s", e.getMessage()));
        }
        return goals.create(spec)
                .onFailure(failure -> !(failure instanceof ApiException))
                .retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(5)
                .invoke(created -> {
                    if (created.created()) {
                        LOG.infof("goal %s created for request %s", created.goal().goalId, spec.requestId());
                    }
                })
                .replaceWithVoid()
                .onFailure(ApiException.class).recoverWithUni(refused -> refuse(payload).chain(() ->
                        skip("goal request %s refused and skipped: %s", spec.requestId(), refused.getMessage())));
    }

    private NewGoal read(String payload) {
        if (payload == null || payload.isBlank()) {
            throw new MalformedEventException("an empty record is not a goal request");
        }
        CloudEvent<GoalRequested> event = EventCodec.decodeFrom(Topics.GOALS_REQUESTS, payload, GoalRequested.class);
        if (!GoalRequested.TYPE.equals(event.type())) {
            throw new MalformedEventException("event " + event.id() + " has type " + event.type()
                    + ", not " + GoalRequested.TYPE);
        }
        GoalRequested data = event.data();
        GoalRequest request = new GoalRequest(data.requestId(), data.type(), data.title(), data.strategy(),
                data.market(), data.budgetTokens(), data.maxLossPercent(), data.mode(), data.fundingSource());
        Set<ConstraintViolation<GoalRequest>> invalid = validator.validate(request);
        if (!invalid.isEmpty()) {
            throw new MalformedEventException("event " + event.id() + " has invalid fields: " + invalid.stream()
                    .map(v -> v.getPropertyPath() + " " + v.getMessage()).sorted().collect(Collectors.joining(", ")));
        }
        String createdBy = data.createdBy() != null && !data.createdBy().isBlank() ? data.createdBy()
                : event.source().startsWith("/") ? event.source().substring(1) : event.source();
        if (!createdBy.matches(GoalRequest.Ids.PATTERN)) {
            throw new MalformedEventException("event " + event.id() + " has created_by " + GoalRequest.Ids.MESSAGE);
        }
        return request.toNewGoal(createdBy);
    }

    @Override
    public String channel() {
        return CHANNEL;
    }

    /** A parked request applied again (admin replay): it fails, and stays parked, while it still is not revenue-service's. */
    @Override
    public Uni<Void> apply(String payload) {
        return Uni.createFrom().deferred(() -> goals.create(read(payload))).replaceWithVoid();
    }

    /** Tells goals.events the request was refused, if its request id can be read at all. */
    private Uni<Void> refuse(String payload) {
        GoalRequested data;
        try {
            data = EventCodec.decode(payload, GoalRequested.class).data();
        } catch (RuntimeException unreadable) {
            return Uni.createFrom().voidItem(); // no request id: nobody to tell
        }
        if (data == null || data.requestId() == null || !data.requestId().matches(GoalRequest.Ids.PATTERN)) {
            return Uni.createFrom().voidItem();
        }
        return Panache.withTransaction(() -> events.refused(data.requestId(),
                        data.budgetTokens(), data.fundingSource()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(5);
    }

    private Uni<Void> skip(String format, Object... args) {
        skipped.increment();
        LOG.warnf(format, args);
        return Uni.createFrom().voidItem();
    }
}
