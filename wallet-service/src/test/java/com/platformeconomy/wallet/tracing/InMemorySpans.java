package com.platformeconomy.wallet.tracing;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The spans the service exports, kept in memory for a test to read: with the default
 * {@code quarkus.otel.traces.exporter=cdi} every SpanExporter bean receives them. Outside
 * {@link ChargeTraceTest}'s profile nothing is sampled, so nothing accumulates here.
 */
@ApplicationScoped
public class InMemorySpans {

    @Produces
    @Singleton
    InMemorySpanExporter exporter() {
        return InMemorySpanExporter.create();
    }
}
