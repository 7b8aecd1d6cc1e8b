package com.platformeconomy.goal.goal;

import com.platformeconomy.contracts.event.CloudEvent;
import com.platformeconomy.contracts.event.EventCodec;
import com.platformeconomy.contracts.event.GoalRequested;
import com.platformeconomy.contracts.event.MalformedEventException;
import com.platformeconomy.contracts.event.Topics;
import com.platformeconomy.platform.consumer.EventConsumer;
import com.platformeconomy.platform.consumer.Retry;
import com.platformeconomy.platform.parking.ParkedEventHandler;
import com.platformeconomy.platform.parking.ParkingLot;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Creates goals from {@code goals.requests} (revenue-service's auto-funding), once per request id.
 * A request that can never be honoured (malformed, invalid, live, or a reused request id) is parked
 * with its reason for an admin (platform's consumer skeleton): one bad event must not stop every
 * later request, nor be dropped silently. When its request id is known, the
 * refusal is told back on {@code goals.events} ({@link GoalService#refused}), so that the requester
 * (revenue-service's auto-funding decision) does not wait for a goal that will never exist. A
 * failure that may pass (the database away) is retried and, if it persists, fails the channel
 * rather than losing the request.
 */
@ApplicationScoped
@io.quarkus.runtime.Startup
public class GoalRequestsConsumer implements ParkedEventHandler {

    static final String CHANNEL = "goal-requests";

    private static final Logger LOG = Logger.getLogger(GoalRequestsConsumer.class);

    private final GoalService goals;
    private final Validator validator;
    private final EventConsumer<NewGoal> consumer;

    public GoalRequestsConsumer(GoalService goals, Validator validator, MeterRegistry registry, ParkingLot parking) {
        this.goals = goals;
        this.validator = validator;
        // A request not revenue-service's is parked and no refusal told on its behalf (SPEC §10).
        this.consumer = EventConsumer.of(CHANNEL, this::read, parking, Retry.THEN_FAIL, registry).whenRefused(this::refuse);
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(String payload) {
        return consumer.one(payload, spec -> goals.create(spec).invoke(created -> {
            if (created.created()) {
                LOG.infof("goal %s created for request %s", created.goal().goalId, spec.requestId());
            }
        }));
    }

    private NewGoal read(String payload) {
        if (payload.isBlank()) {
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

    /** A parked request applied again (admin replay): it fails, and stays parked, while it still cannot be honoured. */
    @Override
    public Uni<Void> apply(String payload) {
        return consumer.replay(payload, goals::create);
    }

    /**
     * Tells goals.events the request was refused, if its request id can be read at all, and records
     * the refusal so that the request id stays refused ({@link GoalService#refused}).
     */
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
        // Retried on this consumer's Vert.x context (a transaction cannot open on Mutiny's worker pool).
        return Retry.THEN_FAIL.around(Panache.withTransaction(() -> goals.refused(data.requestId(),
                        data.budgetTokens(), data.fundingSource())));
    }
}
