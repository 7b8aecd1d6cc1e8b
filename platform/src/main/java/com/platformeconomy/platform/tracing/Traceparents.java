package com.platformeconomy.platform.tracing;

import com.platformeconomy.contracts.event.CloudEvent;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

/**
 * The W3C {@code traceparent} of the suite's events: taken from the current span where work starts
 * (a route), carried as text through Redis and in each CloudEvent ({@code traceparent} extension
 * attribute), and continued where the event is applied. Only a <em>sampled</em> context is carried:
 * an unsampled one would start no recorded span downstream anyway, so it is not worth the bytes.
 */
public final class Traceparents {

    private static final String INSTRUMENTATION = "com.platformeconomy.platform";

    private Traceparents() {
    }

    /** The current span's traceparent when it is sampled, else "" (what a Lua ARGV or a stream field can carry). */
    public static String current() {
        return of(Span.current().getSpanContext());
    }

    /** {@code context} as a traceparent when it is valid and sampled, else "". */
    public static String of(SpanContext context) {
        if (!context.isValid() || !context.isSampled()) {
            return "";
        }
        return "00-" + context.getTraceId() + "-" + context.getSpanId() + "-" + context.getTraceFlags().asHex();
    }

    /**
     * The remote parent named by {@code traceparent}, or null when there is none to continue: absent,
     * malformed, or not sampled (then no span is started at all, which is the cheap path).
     */
    public static SpanContext parentOf(String traceparent) {
        if (!CloudEvent.isTraceparent(traceparent)) {
            return null;
        }
        TraceFlags flags;
        try {
            flags = TraceFlags.fromHex(traceparent, 53);
        } catch (RuntimeException malformed) {
            return null;
        }
        if (!flags.isSampled()) {
            return null;
        }
        SpanContext parent = SpanContext.createFromRemoteParent(traceparent.substring(3, 35),
                traceparent.substring(36, 52), flags, TraceState.getDefault());
        return parent.isValid() ? parent : null;
    }

    /**
     * A started span named {@code name}, child of {@code traceparent}, or null when there is no sampled
     * parent. The caller ends it.
     */
    public static Span startChild(String name, SpanKind kind, String traceparent) {
        SpanContext parent = parentOf(traceparent);
        if (parent == null) {
            return null;
        }
        SpanBuilder builder = tracer().spanBuilder(name).setSpanKind(kind)
                .setParent(Context.root().with(Span.wrap(parent)));
        return builder.startSpan();
    }

    /**
     * The {@code traceparent} attribute of an encoded CloudEvent, found without parsing it again (a batch
     * consumer has already parsed each record once): the first {@code "traceparent":"} key. Only
     * EventCodec writes the suite's events, and no event's data has a field of that name.
     */
    public static String find(String payload) {
        if (payload == null) {
            return null;
        }
        int at = payload.indexOf("\"traceparent\":\"");
        if (at < 0 || at + 15 + 55 > payload.length()) {
            return null;
        }
        return payload.substring(at + 15, at + 15 + 55);
    }

    /** Ends {@code span} (null: nothing), recording {@code failure} (null: none) as its error first. */
    public static void end(Span span, Throwable failure) {
        if (span == null) {
            return;
        }
        if (failure != null) {
            span.recordException(failure);
            span.setStatus(StatusCode.ERROR);
        }
        span.end();
    }

    private static Tracer tracer() {
        return GlobalOpenTelemetry.getTracer(INSTRUMENTATION);
    }
}
