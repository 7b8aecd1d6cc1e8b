package com.platformeconomy.revenue.stream;

import java.time.LocalDate;

/** One event's contribution to one day's stream: counted once per event id. */
public record StreamEntry(String eventId, LocalDate day, Stream stream, long amount) {
}
