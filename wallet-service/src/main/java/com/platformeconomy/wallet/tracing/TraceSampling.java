package com.platformeconomy.wallet.tracing;

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
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Which traces are recorded: a request's at {@code quarkus.otel.traces.sampler.arg}, and below it
 * whatever this service decided. Two rules keep tracing from being a lever for callers or a cost of
 * idle work:
 * <ul>
 * <li>A request is sampled by this service's own draw, whatever the caller's {@code traceparent}
 * says (its trace id is kept, so a caller's trace still links up): a caller who sends
 * "sampled" on every request cannot make the wallet record and export spans for all of them, nor
 * pick trace ids that a trace-id ratio would always sample.</li>
 * <li>Roots of any other kind are dropped: the relay's polls, the pollers' SQL and the scheduler's
 * jobs would otherwise each start a trace of their own, many a second, that follow no request.</li>
 * </ul>
 * Quarkus uses a Sampler bean instead of quarkus.otel.traces.sampler (and still drops the /q endpoints).
 */
@ApplicationScoped
public class TraceSampling {

    @Produces
    @Singleton
    Sampler sampler(@ConfigProperty(name = "quarkus.otel.traces.sampler.arg", defaultValue = "0") double ratio) {
        return of(ratio);
    }

    /** The sampler for {@code ratio} (0 to 1) of requests. */
    static Sampler of(double ratio) {
        Sampler requests = new OwnDraw(ratio);
        return Sampler.parentBasedBuilder(new RequestRoots(requests))
                .setRemoteParentSampled(requests)
                .setRemoteParentNotSampled(requests)
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
}
