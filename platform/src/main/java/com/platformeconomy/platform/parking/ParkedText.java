package com.platformeconomy.platform.parking;

import com.platformeconomy.platform.idempotency.Canonical;

/**
 * What a parked event's row can hold (SPEC §10 "Nothing is dropped silently"): a record PostgreSQL
 * cannot store as it came would fail its parking every time, and its consumer would then stall on
 * it or drop it. Both parking tables (platform's {@link ParkingLot}, wallet's ParkedEvents) write
 * their text through here.
 */
public final class ParkedText {

    private ParkedText() {
    }

    /** PostgreSQL text holds no NUL: kept with each NUL written as \\u0000 (six characters). */
    public static String text(String value) {
        return value == null ? null : value.replace("\u0000", "\\u0000");
    }

    /**
     * {@code value} with NUL escaped, or when longer than {@code max} its start, its length and its
     * SHA-256 (still one row per distinct value, at most {@code max} characters): for a key or reason
     * with a column size or a unique index's limit.
     */
    public static String bounded(String value, int max) {
        String text = text(value);
        if (text == null || text.length() <= max) {
            return text;
        }
        String tail = "… (" + text.length() + " characters, sha256 " + Canonical.sha256(text) + ")";
        return text.substring(0, max - tail.length()) + tail;
    }
}
