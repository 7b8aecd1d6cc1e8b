package com.platformeconomy.earnings.earning;

import com.fasterxml.jackson.databind.JsonNode;
import com.platformeconomy.contracts.event.ChargeRecorded;
import com.platformeconomy.contracts.event.CloudEvent;
import com.platformeconomy.contracts.event.EventCodec;
import com.platformeconomy.contracts.event.ForeignSourceException;
import com.platformeconomy.contracts.event.MalformedEventException;
import com.platformeconomy.contracts.event.Topics;
import com.platformeconomy.platform.parking.ParkedEventHandler;
import com.platformeconomy.platform.parking.ParkingLot;
import io.smallrye.mutiny.Multi;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Charges from {@code billing.events} into {@code developer_earnings}: one multi-row INSERT per
 * Kafka batch, {@code ON CONFLICT (event_id) DO NOTHING}, so a replayed or redelivered event is
 * stored once and the batch's offsets are committed only after it is stored. Other billing events
 * (credits, debits, holds) are not earnings and are skipped. Anything malformed, or not written by
 * wallet-service (its CloudEvent source, SPEC §10), is parked (contracts/parking) for an admin to
 * see and replay at {@code /v1/admin/parked-events}. A free app's call is recorded with zero shares,
 * for analytics.
 */
@ApplicationScoped
public class EarningsConsumer implements ParkedEventHandler {

    static final String CHANNEL = "billing-events";

    private static final Logger LOG = Logger.getLogger(EarningsConsumer.class);

    private static final String INSERT = """
            INSERT INTO developer_earnings (event_id, developer_id, app_id, user_id, tool_name, byollm,
                                            action_cost, developer_share, platform_share, earned_at)
            SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[],
                                 $6::boolean[], $7::bigint[], $8::bigint[], $9::bigint[], $10::timestamptz[])
            ON CONFLICT (event_id) DO NOTHING""";

    private final Pool pool;
    private final Counter recorded;
    private final Counter skipped;
    private final ParkingLot parking;

    public EarningsConsumer(Pool pool, MeterRegistry registry, ParkingLot parking) {
        this.pool = pool;
        this.parking = parking;
        this.recorded = Counter.builder("earnings.charges.recorded")
                .description("charge events stored as developer earnings (replays not counted)").register(registry);
        this.skipped = Counter.builder("earnings.events.malformed")
                .description("billing events parked because they could not be read or were not wallet-service's").register(registry);
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(List<String> batch) {
        List<Row> rows = new ArrayList<>(batch.size());
        List<String[]> refused = new ArrayList<>();
        for (String message : batch) {
            try {
                Row row = read(message);
                if (row != null) {
                    rows.add(row);
                }
            } catch (MalformedEventException | IllegalArgumentException e) {
                skipped.increment();
                refused.add(new String[] {message, (e instanceof ForeignSourceException ? "refused: " : "unreadable: ") + e.getMessage()});
            }
        }
        // Parked (contracts/parking) before the batch's offsets can be committed: nothing is dropped silently.
        Uni<Void> parked = Multi.createFrom().iterable(refused)
                .onItem().transformToUniAndConcatenate(bad -> parking.park(CHANNEL, null, bad[0], bad[1])
                        .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(8))
                .collect().last().replaceWithVoid();
        // A failing database must not lose the batch nor stop the consumer: retry until stored.
        return parked.chain(() -> store(rows))
                .onFailure().invoke(e -> LOG.warnf("storing %d earnings failed, retrying: %s", rows.size(), e.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely()
                .invoke(inserted -> recorded.increment(inserted))
                .replaceWithVoid();
    }

    @Override
    public String channel() {
        return CHANNEL;
    }

    /** A parked billing event applied again (admin replay): it fails, and stays parked, while it still cannot be read. */
    @Override
    public Uni<Void> apply(String payload) {
        return Uni.createFrom().deferred(() -> {
            Row row = read(payload);
            return store(row == null ? List.of() : List.of(row)).invoke(inserted -> recorded.increment(inserted));
        }).replaceWithVoid();
    }

    /** Stores the rows in one statement; the number actually inserted (replays excluded). */
    public Uni<Integer> store(List<Row> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        int n = rows.size();
        String[] eventIds = new String[n], developers = new String[n], apps = new String[n], users = new String[n], tools = new String[n];
        Boolean[] byollm = new Boolean[n];
        Long[] costs = new Long[n], developerShares = new Long[n], platformShares = new Long[n];
        OffsetDateTime[] times = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            Row r = rows.get(i);
            eventIds[i] = r.eventId();
            developers[i] = r.developerId();
            apps[i] = r.appId();
            users[i] = r.userId();
            tools[i] = r.toolName();
            byollm[i] = r.byollm();
            costs[i] = r.actionCost();
            developerShares[i] = r.developerShare();
            platformShares[i] = r.platformShare();
            times[i] = r.earnedAt();
        }
        return pool.preparedQuery(INSERT)
                .execute(Tuple.tuple(List.of(eventIds, developers, apps, users, tools, byollm, costs,
                        developerShares, platformShares, times)))
                .map(result -> result.rowCount());
    }

    /** One developer_earnings row. */
    public record Row(String eventId, String developerId, String appId, String userId, String toolName, boolean byollm,
                      long actionCost, long developerShare, long platformShare, OffsetDateTime earnedAt) {
    }

    /**
     * The row for a charge event; null for other event types. Throws MalformedEventException for
     * anything unreadable, and ForeignSourceException for an event wallet-service did not write.
     */
    Row read(String message) {
        if (message == null) {
            throw new MalformedEventException("an empty record");
        }
        CloudEvent<JsonNode> event = EventCodec.decodeFrom(Topics.BILLING_EVENTS, message);
        if (!ChargeRecorded.TYPE.equals(event.type())) {
            return null;
        }
        ChargeRecorded charge = EventCodec.data(event, ChargeRecorded.class);
        require(charge.userId(), "user_id");
        require(charge.appId(), "app_id");
        require(charge.developerId(), "developer_id");
        require(charge.toolName(), "tool_name");
        if (event.id().length() > 200) {
            throw new MalformedEventException("event id longer than 200 characters");
        }
        if (charge.totalCost() < 0 || charge.developerShare() < 0 || charge.platformShare() < 0
                || charge.developerShare() + charge.platformShare() != charge.totalCost()) {
            throw new MalformedEventException("shares do not add up to the total cost");
        }
        Instant time = event.time() != null ? event.time() : Instant.now();
        return new Row(event.id(), charge.developerId(), charge.appId(), charge.userId(), charge.toolName(),
                charge.byollm(), charge.totalCost(), charge.developerShare(), charge.platformShare(),
                time.atOffset(ZoneOffset.UTC));
    }

    private static void require(String value, String field) {
        if (value == null || value.isBlank() || value.length() > 128) {
            throw new MalformedEventException("charge field " + field + " is missing or too long");
        }
    }
}
