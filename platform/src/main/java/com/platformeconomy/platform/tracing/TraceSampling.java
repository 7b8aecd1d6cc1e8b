package com.platformeconomy.platform.tracing;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Which traces are recorded: a request's at {@code quarkus.otel.traces.sampler.arg}, and below it
 * whatever its parent decided. Three rules keep tracing from being a lever for callers or a cost of
 * idle work, and keep a recorded trace whole across the services:
 * <ul>
 * <li>A request is sampled by this service's own draw, whatever the caller's {@code traceparent}
 * says (its trace id is kept, so a caller's trace still links up): a caller who sends "sampled" on
 * every request cannot make a service record and export spans for all of them, nor pick trace ids
 * that a trace-id ratio would always sample. Another service of the suite calling this one (a REST
 * call under its own sampled request) is such a caller too, and the service cannot tell it from an
 * outsider before authentication, so a caller's "sampled" is followed at most
 * {@code pes.tracing.caller-sampled-per-second} times a second per replica (10): enough for the
 * suite's own calls at the ratios used, a bounded cost for anyone else. At ratio 0 it is not
 * followed at all: tracing is off.</li>
 * <li>Work continuing a sampled remote parent that is not a request (a consumer applying an event
 * whose CloudEvent carries the traceparent of the request that caused it) is recorded: only the
 * suite's services write its topics (SPEC §10), and they carry a traceparent only for a trace they
 * sampled themselves, so the whole charge is in the trace, not one hop in a hundred.</li>
 * <li>Roots of any other kind are dropped: the relay's polls, the pollers' SQL and the scheduler's
 * jobs would otherwise each start a trace of their own, many a second, that follow no request.</li>
 * </ul>
 * Quarkus uses a Sampler bean instead of quarkus.otel.traces.sampler (and still drops the /q endpoints).
 */
@ApplicationScoped
public class TraceSampling {

    @Produces
    @Singleton
    Sampler sampler(@ConfigProperty(name = "quarkus.otel.traces.sampler.arg", defaultValue = "0") double ratio,
                    @ConfigProperty(name = "pes.tracing.caller-sampled-per-second", defaultValue = "10") int callerSampledPerSecond) {
        return of(ratio, callerSampledPerSecond);
    }

    /** The sampler for {@code ratio} (0 to 1) of requests, following no caller's "sampled". */
    static Sampler of(double ratio) {
        return of(ratio, 0);
    }

    /** The sampler for {@code ratio} of requests, following a caller's "sampled" up to {@code perSecond} times a second. */
    static Sampler of(double ratio, int perSecond) {
        Sampler requests = new OwnDraw(ratio);
        Sampler callerSampled = ratio > 0 && perSecond > 0 ? new CallerSampledBudget(perSecond, requests) : requests;
        return Sampler.parentBasedBuilder(new RequestRoots(requests))
                .setRemoteParentSampled(new ByKind(callerSampled, ratio > 0 ? Sampler.alwaysOn() : Sampler.alwaysOff()))
                .setRemoteParentNotSampled(new ByKind(requests, Sampler.alwaysOff()))
                .build();
    }

    /** Samples a SERVER span at this service's own draw; drops every other root. */
    private record RequestRoots(Sampler requests) implements Sampler {
        @Override
        public SamplingResult shouldSample(Context parent, String traceId, String name, SpanKind kind,
                                           Attributes attributes, List<LinkData> links) {
            return kind == SpanKind.SERVER
                    ? requests.shouldSample(parent, traceId, name, kind, attributes, links)
                    : SamplingResult.drop();
        }

        @Override
        public String getDescription() {
            return "RequestRoots{" + requests.getDescription() + "}";
        }
    }

    /** Under a remote parent: a request (SERVER) as {@code requests} decides, any other work as {@code work}. */
    private record ByKind(Sampler requests, Sampler work) implements Sampler {
        @Override
        public SamplingResult shouldSample(Context parent, String traceId, String name, SpanKind kind,
                                           Attributes attributes, List<LinkData> links) {
            return (kind == SpanKind.SERVER ? requests : work).shouldSample(parent, traceId, name, kind, attributes, links);
        }

        @Override
        public String getDescription() {
            return "ByKind{requests=" + requests.getDescription() + ", work=" + work.getDescription() + "}";
        }
    }

    /** Records and samples {@code ratio} of the calls, by a random draw (not by the trace id, which a caller may choose). */
    private record OwnDraw(double ratio) implements Sampler {
        @Override
        public SamplingResult shouldSample(Context parent, String traceId, String name, SpanKind kind,
                                           Attributes attributes, List<LinkData> links) {
            return ratio > 0 && ThreadLocalRandom.current().nextDouble() < ratio
                    ? SamplingResult.recordAndSample() : SamplingResult.drop();
        }

        @Override
        public String getDescription() {
            return "OwnDraw{" + ratio + "}";
        }
    }

    /**
     * Follows a caller's "sampled" up to {@code perSecond} times in each second of the clock, then
     * {@code otherwise} decides (the own draw).
     */
    private static final class CallerSampledBudget implements Sampler {
        private final int perSecond;
        private final Sampler otherwise;
        private final AtomicLong second = new AtomicLong();
        private final AtomicInteger used = new AtomicInteger();

        CallerSampledBudget(int perSecond, Sampler otherwise) {
            this.perSecond = perSecond;
            this.otherwise = otherwise;
        }

        @Override
        public SamplingResult shouldSample(Context parent, String traceId, String name, SpanKind kind,
                                           Attributes attributes, List<LinkData> links) {
            long now = System.nanoTime() / 1_000_000_000L;
            long current = second.get();
            if (current != now && second.compareAndSet(current, now)) {
                used.set(0);
            }
            return used.incrementAndGet() <= perSecond
                    ? SamplingResult.recordAndSample()
                    : otherwise.shouldSample(parent, traceId, name, kind, attributes, links);
        }

        @Override
        public String getDescription() {
            return "CallerSampledBudget{" + perSecond + "/s, then " + otherwise.getDescription() + "}";
        }
    }
}
