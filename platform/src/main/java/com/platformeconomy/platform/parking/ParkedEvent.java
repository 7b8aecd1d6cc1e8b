package com.platformeconomy.platform.parking;

import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An event a consumer could not apply, kept with its reason (SPEC §10 "Nothing is dropped silently"). */
public record ParkedEvent(long id, String channel, String messageKey, String payload, String reason,
                          String status, int replayAttempts, OffsetDateTime parkedAt,
                          @Schema(nullable = true, description = "When it was replayed; null while parked.") OffsetDateTime replayedAt) {

    /** {@link #status} as its life cycle state. */
    public ParkedStatus state() {
        return ParkedStatus.of(status);
    }
}
