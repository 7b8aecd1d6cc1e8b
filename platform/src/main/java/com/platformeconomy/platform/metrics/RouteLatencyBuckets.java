package com.platformeconomy.platform.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.stream.LongStream;

/**
 * Every service's route latencies as a Prometheus histogram ({@code http_server_requests_seconds_bucket}),
 * so that an operator's p50 and p99 per route are {@code histogram_quantile} over all replicas
 * (client-side percentiles cannot be added up). Twelve fixed buckets, 1 ms to 5 s, rather than
 * Micrometer's ~70 default ones: a bucket is a series per route and status.
 */
@Singleton
public class RouteLatencyBuckets {

    /** The bucket bounds, in milliseconds. */
    static final long[] BOUNDS_MS = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000};

    @Produces
    @Singleton
    MeterFilter routeLatencyHistogram() {
        double[] bounds = LongStream.of(BOUNDS_MS).mapToDouble(ms -> Duration.ofMillis(ms).toNanos()).toArray();
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!"http.server.requests".equals(id.getName())) {
                    return config;
                }
                return DistributionStatisticConfig.builder().serviceLevelObjectives(bounds).build().merge(config);
            }
        };
    }
}
