package com.platformeconomy.contracts.event;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Time-ordered event ids (UUIDv7, RFC 9562): the first 48 bits are the creation time in
 * milliseconds, so a service can tell a late replay from a fresh request without remembering
 * every id forever.
 */
public final class EventIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private EventIds() {
    }

    public static String uuidV7() {
        return uuidV7(Instant.now()).toString();
    }

    public static UUID uuidV7(Instant at) {
        long millis = at.toEpochMilli();
        long high = (millis << 16) | 0x7000L | (RANDOM.nextInt() & 0x0FFFL);
        long low = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low);
    }

    /** The creation time of a UUIDv7 event id; empty for anything else. */
    public static Optional<Instant> timeOf(String eventId) {
        try {
            UUID uuid = UUID.fromString(eventId);
            if (uuid.version() != 7 || uuid.variant() != 2 || !eventId.equals(uuid.toString())) {
                return Optional.empty();
            }
            return Optional.of(Instant.ofEpochMilli(uuid.getMostSignificantBits() >>> 16));
        } catch (IllegalArgumentException notAUuid) {
            return Optional.empty();
        }
    }
}
