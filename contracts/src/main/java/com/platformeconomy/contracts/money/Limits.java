package com.platformeconomy.contracts.money;

/**
 * The wire's numeric limits, why each value, and the rules that tie a service's own limits to
 * them. Every service checks its limits against these when it starts (a {@code @Startup} bean
 * calling {@link #requireTokens}, {@link #requireSummable}, {@link #require}), so a configuration
 * that breaks one of them stops the service instead of losing precision on some later day.
 */
public final class Limits {

    /**
     * 2^53 - 1: the largest integer a double holds exactly, i.e. a Lua number in the wallet's
     * Redis scripts (common.lua MAX_TOKENS) and a JSON number as JavaScript clients read it.
     */
    public static final long MAX_EXACT_INTEGER = (1L << 53) - 1;

    /** The most tokens one balance may hold or one request move: every client and script reads it exactly. */
    public static final long MAX_TOKENS = MAX_EXACT_INTEGER;

    /**
     * How many amounts of up to {@link #MAX_TOKENS} a Java {@code long} sums without overflow
     * (1024): the ceiling for any batch whose amounts are added up in one long (a charge batch, a
     * Kafka poll of billing events).
     */
    public static final long MAX_SUMMABLE_AMOUNTS = Long.MAX_VALUE / MAX_TOKENS;

    /** The Kafka producer's max.request.size (its default, 1 MiB, unchanged here): the largest record sent. */
    public static final int KAFKA_MAX_REQUEST_BYTES = 1_048_576;

    /**
     * Room for an event's CloudEvents envelope (ids, type, source, subject, time) and JSON
     * escaping around the request data it carries, on top of the request body itself.
     */
    public static final int EVENT_ENVELOPE_BYTES = 16_384;

    /**
     * The default of {@code pes.http.max-body-bytes} (platform BodyLimit): 64 KiB, far above any
     * valid request (the largest, a charge batch, is well under it) and small enough that an
     * event built from one request always fits one Kafka record.
     */
    public static final int MAX_BODY_BYTES = 65_536;

    static {
        require(MAX_TOKENS <= MAX_EXACT_INTEGER, "MAX_TOKENS must not exceed 2^53 - 1");
        require(MAX_SUMMABLE_AMOUNTS >= 1000, "a long must sum a batch of 1000 maximal amounts");
        requireFitsKafka("MAX_BODY_BYTES", MAX_BODY_BYTES);
    }

    private Limits() {
    }

    /** IllegalStateException with {@code why} unless {@code holds}. */
    public static void require(boolean holds, String why) {
        if (!holds) {
            throw new IllegalStateException("limit broken: " + why);
        }
    }

    /** {@code value} (a token amount or balance named {@code name}) must lie in 1..{@link #MAX_TOKENS}. */
    public static void requireTokens(String name, long value) {
        require(value >= 1 && value <= MAX_TOKENS, name + " = " + value + " must lie in 1.." + MAX_TOKENS
                + " (2^53 - 1, what Lua and JSON clients hold exactly)");
    }

    /** A batch of {@code size} maximal amounts, added up in one long, must not overflow it. */
    public static void requireSummable(String name, long size) {
        require(size >= 1 && size <= MAX_SUMMABLE_AMOUNTS, name + " = " + size + " must lie in 1.." + MAX_SUMMABLE_AMOUNTS
                + " so that that many amounts of up to 2^53 - 1 sum in a long");
    }

    /** A request body of up to {@code bodyBytes}, wrapped in an event, must fit one Kafka record. */
    public static void requireFitsKafka(String name, long bodyBytes) {
        require(bodyBytes >= 1 && bodyBytes + EVENT_ENVELOPE_BYTES <= KAFKA_MAX_REQUEST_BYTES, name + " = " + bodyBytes
                + " plus an event envelope (" + EVENT_ENVELOPE_BYTES + ") must fit Kafka's max.request.size ("
                + KAFKA_MAX_REQUEST_BYTES + ")");
    }
}
