package com.platformeconomy.platform.kafka;

import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * How a Kafka client built by hand (the outbox relays) authenticates: the {@code kafka.}
 * {@code security.protocol}, {@code sasl.*} and {@code ssl.*} settings every service shares
 * (contracts' microprofile-config.properties: SASL/SCRAM-SHA-512 as {@code pes.kafka.username}),
 * read the way Quarkus reads them for its own Kafka clients ({@code kafka.x.y} or
 * {@code KAFKA_X_Y}). The SmallRye channels and the Kafka health check take them from there already.
 */
public final class KafkaSecurity {

    private KafkaSecurity() {
    }

    public static Map<String, Object> settings() {
        return settings(ConfigProvider.getConfig());
    }

    public static Map<String, Object> settings(Config config) {
        Map<String, Object> settings = new LinkedHashMap<>();
        for (String name : config.getPropertyNames()) {
            String lower = name.toLowerCase();
            if (!lower.startsWith("kafka.") && !lower.startsWith("kafka_")) {
                continue;
            }
            String key = lower.substring("kafka.".length()).replace('_', '.');
            if (key.equals("security.protocol") || key.startsWith("sasl.") || key.startsWith("ssl.")) {
                config.getOptionalValue(name, String.class).ifPresent(value -> settings.put(key, value));
            }
        }
        return settings;
    }
}
