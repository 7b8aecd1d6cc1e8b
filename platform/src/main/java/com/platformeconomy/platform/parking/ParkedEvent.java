package com.platformeconomy.platform.parking;

import java.time.OffsetDateTime;

/** An event a consumer could not apply, kept with its reason (SPEC §10 "Nothing is dropped silently"). */
public record ParkedEvent(long id, String channel, String messageKey, String payload, String reason,
                          String status, int replayAttempts, OffsetDateTime parkedAt, OffsetDateTime replayedAt) {

    /** {@link #status} as its life cycle state. */
    public ParkedStatus state() {
        return ParkedStatus.of(status);
    }
}
