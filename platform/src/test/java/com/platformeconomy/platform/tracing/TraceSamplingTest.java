package com.platformeconomy.platform.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The wallet's sampler: its own draw for requests, whatever a caller's traceparent says; no roots of background work. */
class TraceSamplingTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String LOW_TRACE = "00000000000000000000000000000001"; // a trace-id ratio samples it at any ratio

    private static SamplingDecision decide(Sampler sampler, Context parent, String traceId, SpanKind kind) {
        return sampler.shouldSample(parent, traceId, "span", kind, Attributes.empty(), List.of()).getDecision();
    }

    private static Context remote(boolean sampled) {
        SpanContext context = SpanContext.createFromRemoteParent(TRACE, "00f067aa0ba902b7",
                sampled ? TraceFlags.getSampled() : TraceFlags.getDefault(), TraceState.getDefault());
        return Context.root().with(Span.wrap(context));
    }

    @Test
    void atRatioZeroACallerWhoSaysSampledOrPicksALowTraceIdRecordsNothing() {
        Sampler none = TraceSampling.of(0);
        for (int i = 0; i < 1000; i++) {
            assertThat(decide(none, remote(true), TRACE, SpanKind.SERVER)).isEqualTo(SamplingDecision.DROP);
            assertThat(decide(none, Context.root(), LOW_TRACE, SpanKind.SERVER)).isEqualTo(SamplingDecision.DROP);
        }
    }

    @Test
    void atRatioOneEveryRequestIsSampledEvenWhenTheCallerSaysNot() {
        Sampler all = TraceSampling.of(1);
        assertThat(decide(all, Context.root(), TRACE, SpanKind.SERVER)).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
        assertThat(decide(all, remote(false), TRACE, SpanKind.SERVER)).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
    }

    @Test
    void backgroundWorkStartsNoTraceAndWorkUnderASampledRequestFollowsIt() {
        Sampler all = TraceSampling.of(1);
        for (SpanKind kind : List.of(SpanKind.CLIENT, SpanKind.INTERNAL, SpanKind.PRODUCER, SpanKind.CONSUMER)) {
            assertThat(decide(all, Context.root(), TRACE, kind)).isEqualTo(SamplingDecision.DROP);
        }
        Context local = Context.root().with(Span.wrap(SpanContext.create(TRACE, "00f067aa0ba902b7",
                TraceFlags.getSampled(), TraceState.getDefault())));
        assertThat(decide(TraceSampling.of(0), local, TRACE, SpanKind.CLIENT)).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
    }

    @Test
    void aTenthOfRequestsIsAboutATenth() {
        Sampler tenth = TraceSampling.of(0.1);
        int sampled = 0;
        for (int i = 0; i < 20_000; i++) {
            sampled += decide(tenth, remote(true), TRACE, SpanKind.SERVER) == SamplingDecision.RECORD_AND_SAMPLE ? 1 : 0;
        }
        assertThat(sampled).isBetween(1_600, 2_400);
    }

    @Test
    void aCallersSampledIsFollowedOnlyWithinTheBudgetAndNeverAtRatioZero() {
        Sampler rare = TraceSampling.of(0.000_001, 5);
        int sampled = 0;
        for (int i = 0; i < 1000; i++) {
            sampled += decide(rare, remote(true), TRACE, SpanKind.SERVER) == SamplingDecision.RECORD_AND_SAMPLE ? 1 : 0;
        }
        // 5 in a second of the clock (10 if the loop straddles two), not 1000.
        assertThat(sampled).isBetween(5, 10);
        int unsampledCallers = 0;
        for (int i = 0; i < 1000; i++) {
            unsampledCallers += decide(rare, remote(false), TRACE, SpanKind.SERVER) == SamplingDecision.RECORD_AND_SAMPLE ? 1 : 0;
        }
        assertThat(unsampledCallers).as("no budget for callers who did not sample").isLessThanOrEqualTo(1);
        Sampler off = TraceSampling.of(0, 5);
        for (int i = 0; i < 100; i++) {
            assertThat(decide(off, remote(true), TRACE, SpanKind.SERVER)).isEqualTo(SamplingDecision.DROP);
        }
    }

    @Test
    void anEventOfASampledTraceIsAppliedUnderItWhateverTheRatio() {
        // EventConsumer's CONSUMER span under the traceparent a relay carried in the CloudEvent.
        for (int i = 0; i < 1000; i++) {
            assertThat(decide(TraceSampling.of(0.01, 10), remote(true), TRACE, SpanKind.CONSUMER)).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
        }
        assertThat(decide(TraceSampling.of(1, 10), remote(false), TRACE, SpanKind.CONSUMER)).isEqualTo(SamplingDecision.DROP);
        assertThat(decide(TraceSampling.of(0, 10), remote(true), TRACE, SpanKind.CONSUMER)).as("ratio 0: tracing off").isEqualTo(SamplingDecision.DROP);
    }
}
