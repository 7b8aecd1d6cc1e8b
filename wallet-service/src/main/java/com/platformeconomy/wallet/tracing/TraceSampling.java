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
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Which traces are recorded: a request's (a SERVER root span) at {@code quarkus.otel.traces.sampler.arg},
 * and below a root whatever its parent says. Roots of any other kind are dropped: the relay's polls,
 * the pollers' SQL and the scheduler's jobs would otherwise each start a trace of their own, many a
 * second, that follow no request. Quarkus uses a Sampler bean instead of quarkus.otel.traces.sampler
 * (and still drops the /q endpoints).
 */
@ApplicationScoped
public class TraceSampling {

    @Produces
    @Singleton
    Sampler sampler(@ConfigProperty(name = "quarkus.otel.traces.sampler.arg", defaultValue = "0") double ratio) {
        Sampler requests = Sampler.traceIdRatioBased(ratio);
        return Sampler.parentBased(new Sampler() {
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
        });
    }
}
