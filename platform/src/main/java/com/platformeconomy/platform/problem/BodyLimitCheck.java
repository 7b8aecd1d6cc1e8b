package com.platformeconomy.platform.problem;

import com.platformeconomy.contracts.money.Limits;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Stops a service at start whose body limit ({@code pes.http.max-body-bytes}, see {@link BodyLimit})
 * would let in a request whose event does not fit one Kafka record, or that Quarkus's own backstop
 * ({@code quarkus.http.limits.max-body-size}) would cut short first.
 */
@Startup
@ApplicationScoped
public class BodyLimitCheck {

    BodyLimitCheck(@ConfigProperty(name = "pes.http.max-body-bytes", defaultValue = "65536") long maxBytes,
                   @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") String backstop) {
        check(maxBytes, new MemorySizeConverter().convert(backstop).asLongValue());
    }

    /** Throws IllegalStateException naming the relationship these values break. */
    static void check(long maxBytes, long backstopBytes) {
        Limits.requireFitsKafka("pes.http.max-body-bytes", maxBytes);
        Limits.require(maxBytes <= backstopBytes, "pes.http.max-body-bytes (" + maxBytes
                + ") must not exceed quarkus.http.limits.max-body-size (" + backstopBytes + ")");
    }
}
