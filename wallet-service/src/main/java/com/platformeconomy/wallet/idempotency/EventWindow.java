package com.platformeconomy.wallet.idempotency;

import com.platformeconomy.contracts.event.EventIds;
import com.platformeconomy.contracts.problem.ApiException;
import com.platformeconomy.wallet.config.WalletConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * Redis remembers an event id for a window (7 days by default) so its memory stays bounded. A
 * request is accepted only while its id would still be remembered: its time — that of a UUIDv7
 * event id, or the {@code occurred_at} it carries — must lie within the window (less the allowed
 * clock skew) and not in the future. A late replay is refused, never charged.
 */
@ApplicationScoped
public class EventWindow {

    public static final Pattern EVENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9:._@-]{0,127}");

    private final WalletConfig config;
    private final Clock clock;

    @jakarta.inject.Inject
    public EventWindow(WalletConfig config) {
        this(config, Clock.systemUTC());
    }

    EventWindow(WalletConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** Refuses an id of the wrong form, or one whose time lies outside the window. */
    public void check(String eventId, Instant occurredAt) {
        if (eventId == null || !EVENT_ID.matcher(eventId).matches()) {
            throw ApiException.badRequest("invalid_event_id", "event_id must be 1-128 letters, digits or :._@-");
        }
        Instant time = EventIds.timeOf(eventId).orElse(occurredAt);
        if (time == null) {
            throw ApiException.badRequest("event_time_unknown",
                    "event_id must be a UUIDv7, or the request must carry occurred_at.");
        }
        Instant now = clock.instant();
        if (time.isAfter(now.plus(config.clockSkew()))) {
            throw ApiException.badRequest("event_in_future", "The event's time lies in the future.");
        }
        if (time.isBefore(now.minus(config.idempotencyWindow()).plus(config.clockSkew()))) {
            throw ApiException.conflict("event_too_old", "The event is older than the "
                    + config.idempotencyWindow().toDays() + "-day window in which replays are recognised; "
                    + "it is refused rather than risk applying it twice.");
        }
    }

    /** Seconds Redis keeps an idempotency record. */
    public long recordTtlSeconds() {
        return config.idempotencyWindow().toSeconds();
    }
}
