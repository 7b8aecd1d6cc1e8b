package com.platformeconomy.platform.metrics;

import io.prometheus.client.exemplars.ExemplarSampler;
import io.quarkus.micrometer.runtime.export.exemplars.OpentelemetryExemplarSamplerProvider;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Prometheus exemplars (a sampled trace's id beside a metric's value) only while traces are
 * sampled. Quarkus gives the Prometheus registry OpenTelemetry's exemplar sampler whenever
 * OpenTelemetry is on the classpath, and that sampler reads the clock and the current span on every
 * counter increment and timer record: ~1.5 % of the wallet's CPU on the charge route, to find no
 * sampled span at the default trace ratio of 0. So: the sampler when
 * {@code quarkus.otel.traces.sampler.arg} is above 0, none at 0; {@code pes.metrics.exemplars}
 * decides instead when set.
 */
@Singleton
public class Exemplars {

    @Produces
    @Singleton
    @Alternative
    @Priority(1)
    Optional<ExemplarSampler> exemplarSampler(
            @ConfigProperty(name = "quarkus.otel.traces.sampler.arg", defaultValue = "0") double traceRatio,
            @ConfigProperty(name = "pes.metrics.exemplars") Optional<Boolean> exemplars) {
        return exemplars.orElse(traceRatio > 0) ? new OpentelemetryExemplarSamplerProvider().exemplarSampler() : Optional.empty();
    }
}
