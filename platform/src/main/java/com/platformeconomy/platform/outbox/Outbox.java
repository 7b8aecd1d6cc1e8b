package com.platformeconomy.platform.outbox;

import com.platformeconomy.contracts.event.CloudEvent;
import com.platformeconomy.contracts.event.EventCodec;
import com.platformeconomy.platform.tracing.Traceparents;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The transactional outbox (CONVENTIONS "Events"): a service that changes its state and must tell
 * others calls {@link #add} inside the same {@code @WithTransaction}; the event then exists if and
 * only if the change committed, and {@link OutboxRelay} publishes it. An event id is stored once:
 * a retried decision cannot queue its event twice. After the write it wakes the relay
 * ({@link OutboxRelay#wake()}): it polls again soon, from its minimum interval up, and finds the row
 * once the transaction commits instead of waiting out a long idle wait.
 *
 * <p>An event queued while a sampled span is current (a route's, a consumer's) carries that span's
 * {@code traceparent} in its payload, unless it already names one: the consumers that apply it
 * continue the trace (platform/tracing/Traceparents).
 */
@ApplicationScoped
public class Outbox {

    private static final String INSERT = """
            INSERT INTO outbox (event_id, topic, message_key, payload)
            VALUES (:eventId, :topic, :key, :payload)
            ON CONFLICT (event_id) DO NOTHING""";

    private final OutboxRelay relay;

    public Outbox(OutboxRelay relay) {
        this.relay = relay;
    }

    /** Queues {@code event} for {@code topic}, keyed by its subject, in the caller's transaction. */
    public Uni<Void> add(String topic, CloudEvent<?> event) {
        CloudEvent<?> traced = event.traceparent() == null ? event.withTraceparent(Traceparents.current()) : event;
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(INSERT)
                        .setParameter("eventId", event.id())
                        .setParameter("topic", topic)
                        .setParameter("key", event.subject())
                        .setParameter("payload", EventCodec.encode(traced))
                        .executeUpdate())
                .invoke(relay::wake)
                .replaceWithVoid();
    }
}
