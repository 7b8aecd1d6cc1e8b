package com.platformeconomy.stack;

import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The settings of a Kafka client that tests and tools build by hand, against the stack's broker,
 * which takes only authenticated clients (SASL/SCRAM-SHA-512, see {@link KafkaServer}). A test that
 * publishes events, reads a topic or injects a fault does it as the stack's admin, explicitly:
 * {@link #admin()}; the services under test always use their own users. {@link #as} and
 * {@link #anonymous()} are for tests of what the broker refuses.
 */
public final class KafkaClients {

    private KafkaClients() {
    }

    /** As the stack's admin (super user), with the test's stack configuration. */
    public static Map<String, Object> admin() {
        Config config = ConfigProvider.getConfig();
        return as(config.getOptionalValue("pes.kafka.admin.username", String.class).orElse(StackInfo.KAFKA_ADMIN),
                config.getOptionalValue("pes.kafka.admin.password", String.class).orElse(""));
    }

    /** As the stack's admin, with more client settings: key, value, key, value… */
    public static Map<String, Object> adminWith(Object... settings) {
        Map<String, Object> all = new LinkedHashMap<>(admin());
        for (int i = 0; i + 1 < settings.length; i += 2) {
            all.put((String) settings[i], settings[i + 1]);
        }
        return all;
    }

    /** As the stack's admin, for the stack {@code info} describes (tools outside a Quarkus test). */
    public static Map<String, Object> admin(StackInfo info) {
        if (info.kafkaPasswords().isEmpty()) {
            return Map.of("bootstrap.servers", info.kafkaBootstrapServers());
        }
        return as(info, StackInfo.KAFKA_ADMIN);
    }

    /** As {@code user} of the stack {@code info} describes (its password from there). */
    public static Map<String, Object> as(StackInfo info, String user) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("bootstrap.servers", info.kafkaBootstrapServers());
        settings.putAll(sasl(user, info.kafkaPasswords().get(user)));
        return settings;
    }

    /** As {@code identity} (a service's or node-agent's user), with its password from the stack configuration. */
    public static Map<String, Object> asIdentity(String identity) {
        return as(identity, ConfigProvider.getConfig().getValue("pes.kafka.passwords." + identity, String.class));
    }

    /** As {@code user} with {@code password}. */
    public static Map<String, Object> as(String user, String password) {
        Map<String, Object> settings = anonymous();
        if (!"PLAINTEXT".equals(ConfigProvider.getConfig().getOptionalValue("pes.kafka.security-protocol", String.class)
                .orElse("SASL_PLAINTEXT"))) {
            settings.putAll(sasl(user, password));
        }
        return settings;
    }

    /** Without any credentials: the broker should refuse it. */
    public static Map<String, Object> anonymous() {
        Map<String, Object> settings = new LinkedHashMap<>();
        Config config = ConfigProvider.getConfig();
        settings.put("bootstrap.servers", config.getOptionalValue("kafka.bootstrap.servers", String.class)
                .orElseGet(() -> config.getValue("pes.kafka.bootstrap-servers", String.class)));
        return settings;
    }

    private static Map<String, Object> sasl(String user, String password) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("security.protocol", "SASL_PLAINTEXT");
        settings.put("sasl.mechanism", KafkaServer.MECHANISM);
        settings.put("sasl.jaas.config", KafkaServer.jaas(user, password));
        return settings;
    }
}
