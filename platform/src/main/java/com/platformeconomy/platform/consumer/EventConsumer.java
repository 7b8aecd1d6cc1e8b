package com.platformeconomy.platform.consumer;

import com.platformeconomy.contracts.event.ForeignSourceException;
import com.platformeconomy.contracts.event.MalformedEventException;
import com.platformeconomy.platform.parking.ParkedEventHandler;
import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.tracing.Traceparents;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The one consumer skeleton of the suite: every {@code @Incoming} method reads its records through
 * an {@link EventReader}, parks what cannot be read (unreadable, or not the topic owner's), applies
 * the rest, and treats failures by a named {@link Retry} policy. What is left to a service is how
 * to read its event and how to apply it, idempotently on the event id.
 *
 * <p>For a batch, everything unreadable is parked before the rest is applied, and the returned Uni
 * completes only after both: the batch's offsets are committed only then. A refusal while applying
 * one record ({@link ApiException}: the movement is not allowed), or data the database refuses on
 * every try ({@link Retry#neverPassing}), is parked with why (a batch that fails so is applied again
 * one event at a time, to park only the one); a failure that may pass is retried by the policy. Counters: {@code consumer.events} with tags
 * {@code channel} and {@code outcome} = applied, skipped, parked.
 */
public final class EventConsumer<T> {

    private static final Logger LOG = Logger.getLogger(EventConsumer.class);
    private static final String COUNTER = "consumer.events";
    private static final List<String> OUTCOMES = List.of("applied", "skipped", "parked");

    private final String channel;
    private final EventReader<T> reader;
    private final Parking parking;
    private final Retry retry;
    private final MeterRegistry registry;
    private final Function<String, Uni<Void>> whenRefused;

    private EventConsumer(String channel, EventReader<T> reader, Parking parking, Retry retry, MeterRegistry registry,
                          Function<String, Uni<Void>> whenRefused) {
        this.channel = Objects.requireNonNull(channel);
        this.reader = Objects.requireNonNull(reader);
        this.parking = Objects.requireNonNull(parking);
        this.retry = Objects.requireNonNull(retry);
        this.registry = Objects.requireNonNull(registry);
        this.whenRefused = whenRefused;
        // Registered now, at zero: a dashboard and an alert see the channel before its first record.
        for (String outcome : OUTCOMES) {
            registry.counter(COUNTER, "channel", channel, "outcome", outcome);
        }
    }

    /** The consumer of {@code channel}: reads with {@code reader}, parks in {@code parking}, retries by {@code retry}. */
    public static <T> EventConsumer<T> of(String channel, EventReader<T> reader, Parking parking, Retry retry,
                                          MeterRegistry registry) {
        return new EventConsumer<>(channel, reader, parking, retry, registry, null);
    }

    /**
     * This consumer, also calling {@code tell} with a record before parking it as unreadable or
     * refused (not for one another identity wrote): for a request whose requester must hear it was
     * refused rather than wait. {@code tell} must itself be idempotent and never fail for bad input.
     */
    public EventConsumer<T> whenRefused(Function<String, Uni<Void>> tell) {
        return new EventConsumer<>(channel, reader, parking, retry, registry, Objects.requireNonNull(tell));
    }

    public String channel() {
        return channel;
    }

    /** Why a record was not read, as parked: {@code refused: …} for another writer's, {@code unreadable: …} otherwise. */
    public static String reason(MalformedEventException e) {
        return (e instanceof ForeignSourceException ? "refused: " : "unreadable: ") + e.getMessage();
    }

    /**
     * One record: read, then {@code apply}; unreadable → parked; refused ({@link ApiException}) →
     * parked with its code; a failure that may pass → by the policy ({@link Retry#THEN_PARK} parks
     * it once the retries are spent).
     */
    public Uni<Void> one(String payload, Function<T, Uni<?>> apply) {
        T event;
        try {
            event = read(payload);
        } catch (MalformedEventException e) {
            return refused(payload, e instanceof ForeignSourceException, reason(e));
        }
        if (event == null) {
            count("skipped", 1);
            return Uni.createFrom().voidItem();
        }
        // The event's own trace goes on here (only when it was sampled upstream), as in a batch.
        Span span = Traceparents.startChild("apply " + channel, SpanKind.CONSUMER, Traceparents.find(payload));
        List<Span> traced = span == null ? null : List.of(span);
        Uni<Void> applied = retry.around(Uni.createFrom().deferred(() -> inSpan(traced, () -> apply.apply(event))))
                .invoke(() -> count("applied", 1))
                .replaceWithVoid()
                .onFailure(failure -> !Retry.mayPass(failure)).recoverWithUni(refused -> refused(payload, false, Retry.whyNot(refused)));
        Uni<Void> settled = retry == Retry.THEN_PARK
                ? applied.onFailure(Retry::mayPass).recoverWithUni(failure -> retry.around(
                        Uni.createFrom().deferred(() -> park(payload, "not applied after retries: " + failure.getMessage()))))
                : applied;
        return traced == null ? settled : ended(settled, traced, 1);
    }

    /**
     * A Kafka batch: every record read; the unreadable parked (retried as the policy says, so that
     * none is lost), then {@code apply} once with the rest (possibly none), retried by the policy.
     */
    public Uni<Void> batch(List<String> payloads, Function<List<T>, Uni<?>> apply) {
        List<T> events = new ArrayList<>(payloads.size());
        List<String> sources = new ArrayList<>(payloads.size());
        List<Unreadable> unreadable = new ArrayList<>();
        List<Span> spans = null;
        for (String payload : payloads) {
            try {
                T event = read(payload);
                if (event != null) {
                    events.add(event);
                    sources.add(payload);
                    // The event's own trace goes on here (only when it was sampled upstream).
                    Span span = Traceparents.startChild("apply " + channel, SpanKind.CONSUMER, Traceparents.find(payload));
                    if (span != null) {
                        (spans == null ? spans = new ArrayList<>() : spans).add(span);
                    }
                } else {
                    count("skipped", 1);
                }
            } catch (MalformedEventException e) {
                unreadable.add(new Unreadable(payload, reason(e), e instanceof ForeignSourceException));
            }
        }
        Uni<Void> parked = Multi.createFrom().iterable(unreadable)
                .onItem().transformToUniAndConcatenate(bad -> refused(bad.payload(), bad.foreign(), bad.reason()))
                .collect().last().replaceWithVoid();
        if (events.isEmpty()) {
            return parked;
        }
        List<Span> traced = spans;
        Uni<Void> applied = parked.chain(() -> retry.around(Uni.createFrom().deferred(() -> inSpan(traced, () -> apply.apply(events)))
                        .onFailure().invoke(e -> LOG.warnf("%s: applying a batch of %d failed: %s", channel, events.size(), e.getMessage())))
                        .invoke(() -> count("applied", events.size()))
                        .replaceWithVoid()
                        .onFailure(failure -> !Retry.mayPass(failure)).recoverWithUni(failure -> oneByOne(events, sources, apply)));
        return spans == null ? applied : ended(applied, spans, events.size());
    }

    /**
     * A batch that will not pass as it is ({@link Retry#mayPass}: a refusal, or data the database
     * refuses): each event applied alone, by the policy, and the one that will not pass parked with
     * why, so the rest of the batch is applied and the channel goes on. Every consumer applies an event
     * once per event id, so those of the batch applied before it failed are not applied twice.
     */
    private Uni<Void> oneByOne(List<T> events, List<String> sources, Function<List<T>, Uni<?>> apply) {
        return Multi.createFrom().range(0, events.size())
                .onItem().transformToUniAndConcatenate(i -> retry.around(Uni.createFrom().deferred(() -> apply.apply(List.of(events.get(i)))))
                        .invoke(() -> count("applied", 1))
                        .replaceWithVoid()
                        .onFailure(failure -> !Retry.mayPass(failure)).recoverWithUni(failure -> {
                            LOG.warnf("%s: parked an event the batch could not apply: %s", channel, Retry.whyNot(failure));
                            return refused(sources.get(i), false, Retry.whyNot(failure));
                        }))
                .collect().last().replaceWithVoid();
    }

    /**
     * {@code apply}'s work with the first traced event's span current, so that the queries it sends (the
     * SQL client's spans) are children of it; the scope holds on this batch's own Vert.x context until
     * the work ends. The batch's other traced events have their span, not the queries.
     */
    private static <R> Uni<R> inSpan(List<Span> spans, java.util.function.Supplier<Uni<R>> apply) {
        if (spans == null) {
            return apply.get();
        }
        Scope scope = Context.current().with(spans.get(0)).makeCurrent();
        Uni<R> work;
        try {
            work = apply.get();
        } catch (RuntimeException e) {
            scope.close();
            throw e;
        }
        return work.onTermination().invoke(scope::close);
    }

    /** {@code applied}, ending each event's span when it completes (the batch's size on each, its failure if any). */
    private static Uni<Void> ended(Uni<Void> applied, List<Span> spans, int batchSize) {
        return applied.onTermination().invoke((done, failure, cancelled) -> {
            for (Span span : spans) {
                span.setAttribute("messaging.batch.message_count", batchSize);
                Traceparents.end(span, failure);
            }
        });
    }

    /**
     * An admin's replay of a parked record: read strictly (it fails, and stays parked, while it still
     * cannot be read) and applied once, without retries.
     */
    public Uni<Void> replay(String payload, Function<T, Uni<?>> apply) {
        return Uni.createFrom().deferred(() -> {
            T event = read(payload);
            return event == null ? Uni.createFrom().voidItem() : apply.apply(event);
        }).replaceWithVoid();
    }

    /** The replay handler of this channel for platform's ParkingLot: {@link #replay} with {@code apply}. */
    public ParkedEventHandler replayHandler(Function<T, Uni<?>> apply) {
        return new ParkedEventHandler() {
            @Override
            public String channel() {
                return channel;
            }

            @Override
            public Uni<Void> apply(String payload) {
                return replay(payload, apply);
            }
        };
    }

    /** Parks {@code payload} of this channel with {@code reason}, counted. */
    public Uni<Void> park(String payload, String reason) {
        return park(null, payload, reason);
    }

    /** Parks {@code payload} under {@code key} (an event id) with {@code reason}, counted. */
    public Uni<Void> park(String key, String payload, String reason) {
        return parking.park(channel, key, payload, reason).invoke(() -> count("parked", 1));
    }

    /** A record of a batch that could not be read, and whether another identity wrote it. */
    private record Unreadable(String payload, String reason, boolean foreign) {
    }

    /**
     * {@link #refuse}, retried by the policy, each attempt anew: parking that fails (its database
     * away) must not fail the record, which a channel acknowledging failures would then lose unparked.
     */
    private Uni<Void> refused(String payload, boolean foreign, String reason) {
        return retry.around(Uni.createFrom().deferred(() -> refuse(payload, foreign, reason)));
    }

    /** Tells the refusal (if this consumer does, and the record is not another identity's), then parks. */
    private Uni<Void> refuse(String payload, boolean foreign, String reason) {
        Uni<Void> told = whenRefused == null || foreign ? Uni.createFrom().voidItem()
                : Uni.createFrom().deferred(() -> whenRefused.apply(payload));
        return told.chain(() -> park(payload, reason));
    }

    private T read(String payload) {
        if (payload == null || payload.isEmpty()) {
            throw new MalformedEventException("an empty record");
        }
        try {
            return reader.read(payload);
        } catch (MalformedEventException e) {
            throw e;
        } catch (RuntimeException e) {
            // Jackson's and the records' own checks, or a reader's surprise: still a record that cannot
            // be read. Parked, never thrown: a batch failing on it would be retried forever.
            throw new MalformedEventException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private void count(String outcome, int n) {
        registry.counter(COUNTER, "channel", channel, "outcome", outcome).increment(n);
    }
}
