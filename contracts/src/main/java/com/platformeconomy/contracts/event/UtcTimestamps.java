package com.platformeconomy.contracts.event;

import java.time.Instant;

/**
 * Reads the one timestamp form the suite writes, {@code uuuu-MM-ddTHH:mm:ss[.f…]Z} ({@link Instant#toString}
 * for years 0000–9999), without {@link java.time.format.DateTimeFormatter}: {@link Instant#parse} was
 * an eighth of developer earnings' and revenue's profile samples (bench/README, "2026-12-06 evening").
 * Anything else (an offset, lower case, a leap second, 24:00, a fifth digit of year) is not read here:
 * the caller falls back to {@link Instant#parse}, so what is accepted, refused and returned is exactly
 * what it was.
 */
final class UtcTimestamps {

    private UtcTimestamps() {
    }

    /** The instant {@code text} names when it has the suite's form and is a real date and time; else null. */
    static Instant parse(String text) {
        int length = text.length();
        // 2026-12-06T16:40:12Z is 20 characters; a fraction adds a dot and 1 to 9 digits.
        if (length < 20 || length > 30 || text.charAt(length - 1) != 'Z'
                || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > lengthOfMonth(year, month)
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        int nanos = 0;
        if (length > 20) {
            int fractionDigits = length - 21;
            if (text.charAt(19) != '.' || fractionDigits < 1) {
                return null;
            }
            nanos = digits(text, 20, fractionDigits);
            if (nanos < 0) {
                return null;
            }
            for (int i = fractionDigits; i < 9; i++) {
                nanos *= 10;
            }
        }
        long seconds = epochDay(year, month, day) * 86_400L + hour * 3_600L + minute * 60L + second;
        return Instant.ofEpochSecond(seconds, nanos);
    }

    /** The value of {@code count} ASCII digits at {@code from}; -1 if any is not one. */
    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean leap(int year) {
        return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
    }

    private static int lengthOfMonth(int year, int month) {
        return switch (month) {
            case 2 -> leap(year) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days from 1970-01-01, as {@link java.time.LocalDate#toEpochDay} counts them (proleptic Gregorian). */
    private static long epochDay(int year, int month, int day) {
        long y = year;
        long total = 365 * y;
        total += (y + 3) / 4 - (y + 99) / 100 + (y + 399) / 400; // leap days before this year (y ≥ 0)
        total += (367 * month - 362) / 12;
        total += day - 1;
        if (month > 2) {
            total--;
            if (!leap(year)) {
                total--;
            }
        }
        return total - 719_528L; // days from 0000-01-01 to 1970-01-01
    }
}
