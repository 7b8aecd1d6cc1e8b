package com.platformeconomy.earnings.earning;

import com.fasterxml.jackson.databind.JsonNode;
import com.platformeconomy.contracts.event.ChargeRecorded;
import com.platformeconomy.contracts.event.CloudEvent;
import com.platformeconomy.contracts.event.EventCodec;
import com.platformeconomy.contracts.event.MalformedEventException;
import com.platformeconomy.contracts.event.Topics;
import com.platformeconomy.platform.consumer.EventConsumer;
import com.platformeconomy.platform.consumer.Retry;
import com.platformeconomy.platform.parking.ParkedEventHandler;
import com.platformeconomy.platform.parking.ParkingLot;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Charges from {@code billing.events} into {@code developer_earnings}: one multi-row INSERT per
 * Kafka batch, {@code ON CONFLICT (event_id) DO NOTHING}, so a replayed or redelivered event is
 * stored once and the batch's offsets are committed only after it is stored. Other billing events
 * (credits, debits, holds) are not earnings and are skipped. Anything malformed, or not written by
 * wallet-service (its CloudEvent source, SPEC §10), is parked (platform/parking) for an admin to
 * see and replay at {@code /v1/admin/parked-events}. A free app's call is recorded with zero shares,
 * for analytics.
 */
@ApplicationScoped
@io.quarkus.runtime.Startup
public class EarningsConsumer implements ParkedEventHandler {

    static final String CHANNEL = "billing-events";

    private static final String INSERT = """
            INSERT INTO developer_earnings (event_id, developer_id, app_id, user_id, tool_name, byollm,
                                            action_cost, developer_share, platform_share, earned_at, charged_by)
            SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[],
                                 $6::boolean[], $7::bigint[], $8::bigint[], $9::bigint[], $10::timestamptz[], $11::text[])
            ON CONFLICT (event_id) DO NOTHING""";
    // The rows held for a batch's event ids, read only when the insert kept some out (a redelivery,
    // or another charge under an id already held).
    private static final String STORED = """
            SELECT event_id, developer_id, app_id, user_id, tool_name, byollm, action_cost, developer_share, platform_share
            FROM developer_earnings WHERE event_id = ANY($1::varchar[])""";

    private final Pool pool;
    private final Counter recorded;
    private final Counter conflicting;
    private final ParkingLot parking;
    private final EventConsumer<Row> consumer;

    public EarningsConsumer(Pool pool, MeterRegistry registry, ParkingLot parking) {
        this.pool = pool;
        this.recorded = Counter.builder("earnings.charges.recorded")
                .description("charge events stored as developer earnings (replays not counted)").register(registry);
        this.conflicting = Counter.builder("earnings.charges.conflicting")
                .description("charge events under an event id held for another charge (parked, not earned)").register(registry);
        this.parking = parking;
        // Earnings are money: a failing database holds the batch and its offsets until they are stored.
        this.consumer = EventConsumer.of(CHANNEL, EarningsConsumer::read, parking, Retry.UNTIL_APPLIED, registry);
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(List<String> batch) {
        return consumer.batch(batch, this::storeCounted);
    }

    @Override
    public String channel() {
        return CHANNEL;
    }

    /** A parked billing event applied again (admin replay): it fails, and stays parked, while it still cannot be read. */
    @Override
    public Uni<Void> apply(String payload) {
        return consumer.replay(payload, row -> storeCounted(List.of(row)));
    }

    private Uni<Integer> storeCounted(List<Row> rows) {
        return store(rows).invoke(inserted -> recorded.increment(inserted));
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
        String[] chargedBy = new String[n];
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
            chargedBy[i] = r.chargedBy();
        }
        return pool.preparedQuery(INSERT)
                .execute(Tuple.tuple(List.of(eventIds, developers, apps, users, tools, byollm, costs,
                        developerShares, platformShares, times, chargedBy)))
                .chain(result -> result.rowCount() == n ? Uni.createFrom().item(n)
                        : parkConflicts(rows, eventIds).replaceWith(result.rowCount()));
    }

    /**
     * Rows the unique key kept out are a redelivery of a stored charge (the same fields: nothing to
     * do) or another charge under an id already held (Redis forgot the id's record and the wallet
     * applied it again, as its ledger parks it too): that one is parked and counted, never dropped
     * silently; the first charge stays what it earned.
     */
    private Uni<Void> parkConflicts(List<Row> rows, String[] eventIds) {
        return pool.preparedQuery(STORED).execute(Tuple.of(eventIds)).chain(stored -> {
            Map<String, Row> held = new HashMap<>();
            for (io.vertx.mutiny.sqlclient.Row r : stored) {
                held.put(r.getString("event_id"), new Row(r.getString("event_id"), r.getString("developer_id"), r.getString("app_id"),
                        r.getString("user_id"), r.getString("tool_name"), r.getBoolean("byollm"), r.getLong("action_cost"),
                        r.getLong("developer_share"), r.getLong("platform_share"), null, null, null));
            }
            Set<String> parkedNow = new HashSet<>();
            Uni<Void> parked = Uni.createFrom().voidItem();
            for (Row row : rows) {
                Row first = held.get(row.eventId());
                if (first == null || first.sameCharge(row) || !parkedNow.add(row.eventId() + "\n" + row.message())) {
                    continue;
                }
                conflicting.increment();
                parked = parked.chain(() -> parking.park(CHANNEL, row.eventId(), row.message(),
                        "developer_earnings holds event_id " + row.eventId() + " for another charge (" + first.summary()
                                + "); this one: " + row.summary()));
            }
            return parked;
        });
    }

    /**
     * One developer_earnings row, and the event it was read from ({@code message}: what is parked should it conflict).
     * {@code chargedBy}: who made the charge when it was not the user (an admin: the event's {@code actor}, which
     * only wallet-service writes on billing.events); null for the user's own call. A payout's approval does not
     * count what the approving admin charged (PayoutService), as it does not count its own adjustments.
     */
    public record Row(String eventId, String developerId, String appId, String userId, String toolName, boolean byollm,
                      long actionCost, long developerShare, long platformShare, OffsetDateTime earnedAt, String message,
                      String chargedBy) {

        /** The same charge: a redelivery (its time may differ by the relay's resend). */
        boolean sameCharge(Row other) {
            return developerId.equals(other.developerId) && appId.equals(other.appId) && userId.equals(other.userId)
                    && toolName.equals(other.toolName) && byollm == other.byollm && actionCost == other.actionCost
                    && developerShare == other.developerShare && platformShare == other.platformShare;
        }

        String summary() {
            return userId + " " + appId + "/" + toolName + " by " + developerId + ": " + actionCost + " = " + developerShare
                    + " + " + platformShare + (byollm ? " byollm" : "");
        }
    }

    /**
     * The row for a charge event; null for other event types. Throws MalformedEventException for
     * anything unreadable, and ForeignSourceException for an event wallet-service did not write.
     */
    static Row read(String message) {
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
                time.atOffset(ZoneOffset.UTC), message, event.actor());
    }

    private static void require(String value, String field) {
        if (value == null || value.isBlank() || value.length() > 128) {
            throw new MalformedEventException("charge field " + field + " is missing or too long");
        }
    }
}
