package com.platformeconomy.contracts.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * CPU per billing event read as a consumer reads it ({@link EventCodec#decodeFrom(String, String)}, then
 * {@link EventCodec#data}): {@code bench/decode.sh} runs it (not a test). Thread CPU time after a warm-up,
 * one thread, 10,000 distinct charge events read 30 times per round.
 */
public final class DecodeBench {

    private DecodeBench() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            long total = 7 + i % 13;
            events.add(EventCodec.encode(CloudEvent.of("01938f2a-7c1e-7b4d-9d2e-" + String.format("%012d", i),
                    ChargeRecorded.TYPE, Topics.source(Topics.WALLET), "user:bench-" + i % 200,
                    Instant.ofEpochMilli(1_796_000_000_000L + i * 7L),
                    new ChargeRecorded("user:bench-" + i % 200, "bench-app", "dev:bench", "summarize", false, total,
                            total * 70 / 100, total - total * 70 / 100, "platform:revenue", 1_000_000L + i))
                    .withTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")));
        }
        System.out.printf("one billing event (charge.recorded), %d bytes of JSON, %s%n", events.get(0).length(),
                Runtime.version());
        for (int round = 0; round < rounds; round++) {
            double nanos = nanosPerEvent(events, json -> {
                CloudEvent<JsonNode> raw = EventCodec.decodeFrom(Topics.BILLING_EVENTS, json);
                return EventCodec.data(raw, ChargeRecorded.class);
            });
            System.out.printf("round %d: %.2f µs of CPU per event%n", round + 1, nanos / 1000);
        }
    }

    private static double nanosPerEvent(List<String> events, java.util.function.Function<String, ChargeRecorded> read) {
        var threads = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (int warm = 0; warm < 20; warm++) {
            for (String json : events) {
                sum += read.apply(json).seq();
            }
        }
        int repeats = 30;
        long start = threads.getCurrentThreadCpuTime();
        for (int r = 0; r < repeats; r++) {
            for (String json : events) {
                sum += read.apply(json).seq();
            }
        }
        long spent = threads.getCurrentThreadCpuTime() - start;
        if (sum == 42) {
            System.out.println(); // keeps the results alive
        }
        return (double) spent / (repeats * events.size());
    }
}
