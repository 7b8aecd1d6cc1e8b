package com.platformeconomy.contracts.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The formatter-free reading of the suite's timestamps returns what {@link Instant#parse} does, or declines. */
class UtcTimestampsTest {

    /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z, the four-digit years Instant.toString writes plainly. */
    private static final long FIRST = -62_167_219_200L;
    private static final long LAST = 253_402_300_799L;

    @Test
    void everyInstantTheSuiteWritesReadsBackAsInstantParseReadsIt() {
        SplittableRandom random = new SplittableRandom(20261206);
        for (int i = 0; i < 300_000; i++) {
            long seconds = random.nextLong(FIRST, LAST + 1);
            // Instant.toString writes 0, 3, 6 or 9 fraction digits: each kind, and whole seconds.
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            String text = Instant.ofEpochSecond(seconds, nanos).toString();
            assertThat(UtcTimestamps.parse(text)).as(text).isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void fractionsOfAnyLengthAndTheCalendarsEdges() {
        String[] texts = {"2026-12-06T16:40:12Z", "2026-12-06T16:40:12.5Z", "2026-12-06T16:40:12.25Z",
                "2026-12-06T16:40:12.1234Z", "2026-12-06T16:40:12.12345Z", "2026-12-06T16:40:12.1234567Z",
                "2026-12-06T16:40:12.12345678Z", "2026-12-06T16:40:12.000000001Z", "2026-12-06T16:40:12.999999999Z",
                "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z", "2024-02-29T12:00:00Z", "2000-02-29T00:00:00Z",
                "1600-02-29T00:00:00Z", "0000-01-01T00:00:00Z", "0000-02-29T00:00:00Z", "9999-12-31T23:59:59.999999999Z",
                "2026-01-31T00:00:00Z", "2026-04-30T23:59:59Z", "2026-12-31T23:59:59Z"};
        for (String text : texts) {
            assertThat(UtcTimestamps.parse(text)).as(text).isEqualTo(Instant.parse(text));
        }
    }

    /**
     * What it does not read goes to Instant.parse as before: impossible dates and times (which Instant.parse
     * refuses, and so still refuses), and forms it accepts that are not the suite's own (offsets, lower case,
     * a leap second, 24:00, a dot without digits, a long year), which it still reads.
     */
    @Test
    void anythingElseIsLeftToInstantParse() {
        String[] impossible = {"2026-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-13-01T00:00:00Z",
                "2026-00-01T00:00:00Z", "2026-01-00T00:00:00Z", "2026-01-01T24:00:01Z", "2026-01-01T23:60:00Z",
                "2026-01-01T23:59:61Z", "2026-01-01T23:59:59.1234567890Z", "2026-01-01T23:59:5aZ",
                "2026-1-01T23:59:59Z", "2026-01-01 23:59:59Z", "2026-01-01T23:59:59", "2026-01-01T23:59:59.5", "",
                "2026-01-01T23:59:59Z ", " 2026-01-01T23:59:59Z", "2026-01-01T23:59:59+5Z", "+2026-01-01T23:59:59Z",
                "2026-01-01T23:59:59.-5Z", "2026-01-01T23:59:59.+5Z"};
        for (String text : impossible) {
            assertThat(UtcTimestamps.parse(text)).as(text).isNull();
            assertThat(refused(text)).as(text).isTrue();
        }
        String[] otherForms = {"2026-01-01T23:59:59+01:00", "2026-01-01t23:59:59z", "2026-12-31T23:59:60Z", "2026-01-01T24:00:00Z", "2026-01-01T23:59:59.Z",
                "+12026-01-01T23:59:59Z", "2026-01-01T23:59:59.5+00:00"};
        for (String text : otherForms) {
            assertThat(UtcTimestamps.parse(text)).as(text).isNull();
            assertThat(refused(text)).as(text).isFalse();
        }
    }

    private static boolean refused(String text) {
        try {
            Instant.parse(text);
            return false;
        } catch (DateTimeParseException e) {
            return true;
        }
    }
}
