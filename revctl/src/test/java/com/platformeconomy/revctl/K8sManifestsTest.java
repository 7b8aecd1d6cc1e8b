package com.platformeconomy.revctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.platformeconomy.contracts.event.Topics;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Renders every overlay of {@code k8s/} with {@code kubectl kustomize}, parses each manifest
 * strictly with the Fabric8 model, and checks the manifests against the services' own
 * configuration: names, ports, probe paths, PES_* variables, database credentials and topics.
 * It reads the configuration from the source tree at test time, so a service that adds a port,
 * a pes.* key or a topic without the manifests following makes this test fail.
 */
class K8sManifestsTest {

    /** The health endpoints SmallRye Health serves under Quarkus's non-application root. */
    private static final Set<String> HEALTH_PATHS = Set.of("/q/health/live", "/q/health/ready", "/q/health/started");

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    /** The OpenTelemetry Collector's Deployment and Service (k8s/base/monitoring/otel-collector.yaml). */
    private static final String COLLECTOR = "otel-collector";

    private static Path root;
    private static Map<String, ServiceConfig> services;
    private static Set<String> pesKeys;
    private static Set<String> topics;

    /** What a service's own configuration says. */
    record ServiceConfig(String module, String name, int port, String database, Properties properties, Set<String> requiredPesKeys,
                         boolean hasHealth) {
    }

    @BeforeAll
    static void readTheServices() throws IOException {
        root = Path.of(System.getProperty("pes.suite.root", "..")).toAbsolutePath().normalize();
        Properties shared = load(root.resolve("platform/src/main/resources/META-INF/microprofile-config.properties"));
        Set<String> sharedRefs = references(shared);

        pesKeys = new TreeSet<>(sharedRefs);
        pesKeys.addAll(keysWithPrefix(shared, "pes."));
        pesKeys.addAll(configPropertyNames(root.resolve("contracts/src/main/java")));
        pesKeys.addAll(configPropertyNames(root.resolve("platform/src/main/java")));

        services = new LinkedHashMap<>();
        topics = new TreeSet<>(topicConstants(root.resolve("contracts/src/main/java/com/platformeconomy/contracts/event/Topics.java")));
        topics.removeAll(Topics.IDENTITIES); // Topics names the Kafka identities too
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.sorted().toList()) {
                Path props = dir.resolve("src/main/resources/application.properties");
                if (!Files.exists(props)) {
                    continue;
                }
                Properties p = load(props);
                if (p.getProperty("quarkus.http.port") == null || p.getProperty("quarkus.application.name") == null) {
                    continue;
                }
                Set<String> required = new TreeSet<>(sharedRefs);
                required.addAll(references(p, false));
                required.removeAll(keysWithPrefix(p, "pes."));
                required.removeAll(keysWithPrefix(shared, "pes."));
                pesKeys.addAll(references(p));
                pesKeys.addAll(keysWithPrefix(p, "pes."));
                pesKeys.addAll(configPropertyNames(dir.resolve("src/main/java")));
                for (String key : p.stringPropertyNames()) {
                    if (key.matches("mp\\.messaging\\.(incoming|outgoing)\\..+\\.topic")) {
                        topics.add(p.getProperty(key));
                    }
                }
                String pom = Files.readString(dir.resolve("pom.xml"));
                String name = p.getProperty("quarkus.application.name");
                services.put(name, new ServiceConfig(dir.getFileName().toString(), name,
                        Integer.parseInt(p.getProperty("quarkus.http.port")), p.getProperty("pes.database"), p, required,
                        pom.contains("<artifactId>quarkus-smallrye-health</artifactId>")));
            }
        }
        assertThat(services).as("services found under " + root).hasSizeGreaterThanOrEqualTo(5);
        assertThat(topics).contains("billing.events", "app.catalog");
    }

    @TestFactory
    Stream<DynamicContainer> everyOverlay() throws IOException {
        Path overlays = root.resolve("k8s/overlays");
        List<Path> dirs;
        try (Stream<Path> list = Files.list(overlays)) {
            dirs = list.filter(Files::isDirectory).sorted().toList();
        }
        assertThat(dirs).extracting(d -> d.getFileName().toString()).contains("dev", "prod");
        String kubectl = kubectl();
        Assumptions.assumeTrue(kubectl != null,
                "kubectl is not installed (or KUBECTL does not name it): k8s/ is NOT validated on this machine. "
                        + "Install kubectl (it bundles kustomize) to run K8sManifestsTest.");
        return dirs.stream().map(dir -> {
            List<HasMetadata> manifests = render(kubectl, dir);
            String overlay = dir.getFileName().toString();
            return DynamicContainer.dynamicContainer(overlay, Stream.of(
                    DynamicTest.dynamicTest("no Secret values are committed", () -> noSecrets(manifests)),
                    DynamicTest.dynamicTest("every service has a Deployment, Service and PDB named as it runs", () -> everyServiceDeployed(manifests)),
                    DynamicTest.dynamicTest("probe paths exist in the service", () -> probes(manifests)),
                    DynamicTest.dynamicTest("ports match quarkus.http.port", () -> ports(manifests)),
                    DynamicTest.dynamicTest("PES_* variables are pes.* keys, all required ones set", () -> environment(manifests)),
                    DynamicTest.dynamicTest("the ConfigMap names the stores' Services", () -> storesAgree(manifests)),
                    DynamicTest.dynamicTest("every topic the services use has a KafkaTopic", () -> kafkaTopics(manifests)),
                    DynamicTest.dynamicTest("every Kafka listener authenticates; prod's only over TLS", () -> kafkaListeners(overlay, manifests)),
                    DynamicTest.dynamicTest("KafkaUsers' ACLs are Topics': each topic has exactly one writer", () -> kafkaUsers(manifests)),
                    DynamicTest.dynamicTest("HPAs, PDBs and Services select what exists", () -> selectors(manifests)),
                    DynamicTest.dynamicTest("each service mounts its own key and only its callers' public keys", () -> serviceKeys(manifests)),
                    DynamicTest.dynamicTest("every service sends its traces to the OpenTelemetry Collector", () -> traces(manifests)),
                    DynamicTest.dynamicTest("Redis is one node, or a Redis Cluster with a replica per master the wallet uses", () -> redis(manifests)),
                    DynamicTest.dynamicTest("prod verifies user tokens with no development issuer nor a JWKS a ConfigMap holds", () -> userIssuer(overlay, manifests)),
                    DynamicTest.dynamicTest("prod credits live Stripe payments only; dev's are test mode", () -> stripeMode(overlay, manifests))));
        });
    }

    // ---- rendering and strict parsing ----

    static String kubectl() {
        String given = System.getenv("KUBECTL");
        for (String candidate : given != null ? List.of(given) : List.of("kubectl", "/usr/bin/kubectl", "/usr/local/bin/kubectl")) {
            try {
                Process p = new ProcessBuilder(candidate, "version", "--client").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return candidate;
                }
            } catch (IOException e) {
                // not this one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    static List<HasMetadata> render(String kubectl, Path overlay) {
        try {
            Path errors = Files.createTempFile("kustomize", ".err");
            Process p = new ProcessBuilder(kubectl, "kustomize", overlay.toString()).redirectError(errors.toFile()).start();
            String yaml = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                fail("kubectl kustomize " + overlay + " failed: " + Files.readString(errors));
            }
            Files.deleteIfExists(errors);
            List<HasMetadata> manifests = new ArrayList<>();
            for (String document : yaml.split("(?m)^---\\s*$")) {
                if (!document.isBlank()) {
                    manifests.add(parseStrictly(document, overlay));
                }
            }
            assertThat(manifests).as("manifests of " + overlay).isNotEmpty();
            return manifests;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Typed by apiVersion and kind; a built-in kind must map to its model class, and no field
     * may be unknown to the model (Fabric8 keeps unknown fields in additionalProperties: any there
     * is a misspelt or misplaced field). Custom resources (Strimzi's, and the Prometheus Operator's
     * PodMonitor and PrometheusRule of base/monitoring) stay generic.
     */
    static HasMetadata parseStrictly(String document, Path where) {
        KubernetesResource resource = SERIALIZATION.unmarshal(document);
        assertThat(resource).as("a Kubernetes object in " + where + ":\n" + document).isInstanceOf(HasMetadata.class);
        HasMetadata object = (HasMetadata) resource;
        String id = object.getKind() + "/" + object.getMetadata().getName() + " in " + where;
        String group = object.getApiVersion().contains("/") ? object.getApiVersion().substring(0, object.getApiVersion().indexOf('/')) : "";
        boolean builtIn = group.isEmpty() || group.endsWith(".k8s.io") || List.of("apps", "batch", "policy", "autoscaling").contains(group);
        if (object instanceof GenericKubernetesResource) {
            assertThat(builtIn).as(id + ": apiVersion " + object.getApiVersion() + " kind " + object.getKind()
                    + " is not a kind the Kubernetes model knows").isFalse();
            assertThat(group).as(id + ": custom resources here are Strimzi's, the Prometheus Operator's or CloudNativePG's")
                    .isIn("kafka.strimzi.io", "monitoring.coreos.com", "postgresql.cnpg.io");
        } else {
            List<String> unknown = new ArrayList<>();
            unknownFields(object, object.getKind(), unknown, new IdentityHashMap<>());
            assertThat(unknown).as(id + ": fields the Kubernetes model does not know").isEmpty();
        }
        return object;
    }

    private static void unknownFields(Object value, String path, List<String> unknown, Map<Object, Boolean> seen) {
        if (value == null || seen.put(value, Boolean.TRUE) != null) {
            return;
        }
        if (value instanceof Collection<?> collection) {
            int i = 0;
            for (Object item : collection) {
                unknownFields(item, path + "[" + i++ + "]", unknown, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, path + "." + k, unknown, seen));
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method method : value.getClass().getMethods()) {
            if (method.getParameterCount() != 0 || Modifier.isStatic(method.getModifiers()) || !method.getName().startsWith("get")
                    || method.getName().equals("getClass")) {
                continue;
            }
            try {
                Object child = method.invoke(value);
                if (method.getName().equals("getAdditionalProperties")) {
                    if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        unknown.add(path + ": " + extra.keySet());
                    }
                } else {
                    unknownFields(child, path + "." + method.getName().substring(3), unknown, seen);
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                // a derived getter that needs more than the object: nothing to check there
            }
        }
    }

    // ---- the checks ----

    private static void noSecrets(List<HasMetadata> manifests) {
        assertThat(manifests).filteredOn(m -> m instanceof Secret).as("Secrets are created by k8s/create-secrets.sh, never committed").isEmpty();
    }

    private static void everyServiceDeployed(List<HasMetadata> manifests) {
        for (ServiceConfig service : services.values()) {
            assertThat(deployment(manifests, service.name)).as("Deployment " + service.name).isNotNull();
            assertThat(of(manifests, Service.class)).extracting(s -> s.getMetadata().getName()).as("Service " + service.name).contains(service.name);
            assertThat(of(manifests, PodDisruptionBudget.class)).extracting(s -> s.getMetadata().getName()).as("PDB " + service.name).contains(service.name);
            Deployment d = deployment(manifests, service.name);
            Map<String, String> annotations = d.getSpec().getTemplate().getMetadata().getAnnotations();
            assertThat(annotations).as(service.name + " scrape annotations")
                    .containsEntry("prometheus.io/scrape", "true").containsEntry("prometheus.io/path", "/q/metrics")
                    .containsEntry("prometheus.io/port", Integer.toString(service.port));
            Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(c.getResources().getRequests()).as(service.name + " requests").containsKeys("cpu", "memory");
            assertThat(c.getResources().getLimits()).as(service.name + " limits").containsKey("memory");
        }
        for (Deployment d : of(manifests, Deployment.class)) {
            if (!d.getMetadata().getName().equals(COLLECTOR)) {
                assertThat(services).as("a Deployment for a service that does not exist").containsKey(d.getMetadata().getName());
            }
        }
    }

    private static void probes(List<HasMetadata> manifests) {
        for (ServiceConfig service : services.values()) {
            Deployment d = deployment(manifests, service.name);
            Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(service.hasHealth).as(service.module + " has quarkus-smallrye-health, which serves /q/health/*").isTrue();
            assertThat(c.getLivenessProbe()).as(service.name + " liveness").isNotNull();
            assertThat(c.getReadinessProbe()).as(service.name + " readiness").isNotNull();
            assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
            assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
            for (Probe probe : Stream.of(c.getLivenessProbe(), c.getReadinessProbe(), c.getStartupProbe()).filter(p -> p != null).toList()) {
                assertThat(HEALTH_PATHS).as(service.name + " probe path").contains(probe.getHttpGet().getPath());
                assertThat(resolvePort(c, probe.getHttpGet().getPort())).as(service.name + " probe port").isEqualTo(service.port);
            }
        }
    }

    private static void ports(List<HasMetadata> manifests) {
        for (ServiceConfig service : services.values()) {
            Container c = deployment(manifests, service.name).getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(c.getPorts()).extracting(ContainerPort::getContainerPort).as(service.name + " container port = quarkus.http.port")
                    .containsExactly(service.port);
            Service s = of(manifests, Service.class).stream().filter(x -> x.getMetadata().getName().equals(service.name)).findFirst().orElseThrow();
            assertThat(s.getSpec().getPorts()).hasSize(1);
            assertThat(s.getSpec().getPorts().get(0).getPort()).as(service.name + " Service port").isEqualTo(service.port);
            assertThat(resolvePort(c, s.getSpec().getPorts().get(0).getTargetPort())).as(service.name + " Service targetPort").isEqualTo(service.port);
        }
    }

    /**
     * SPEC §10: the development issuer's JWKS is a ConfigMap (pes-user-jwks, mounted optional), its
     * private key a Secret create-secrets.sh makes on request: prod trusts neither by default, it names
     * another issuer and fetches its JWKS over https. (ConfigMaps stay as sensitive as Secrets there:
     * pes-config and pes-service-keys are ConfigMaps; k8s/README.md, "Keys".)
     */
    private static void userIssuer(String overlay, List<HasMetadata> manifests) {
        Map<String, String> config = configMap(manifests, "pes-config").getData();
        if (!overlay.equals("prod")) {
            return;
        }
        assertThat(config.get("PES_JWT_USER_ISSUER")).as("prod's user-token issuer")
                .isNotBlank().doesNotStartWith("https://platform-economy.local");
        assertThat(config.get("PES_JWT_USER_JWKS_LOCATION")).as("prod's user-token JWKS").startsWith("https://");
    }

    /**
     * A test-mode Stripe key on a live wallet credits test cards' payments (no money moved): prod leaves
     * {@code wallet.topup.stripe.live} at its default, true, and no ConfigMap may turn it off there.
     */
    private static void stripeMode(String overlay, List<HasMetadata> manifests) {
        var container = deployment(manifests, "wallet-service").getSpec().getTemplate().getSpec().getContainers().get(0);
        List<String> live = container.getEnv().stream().filter(e -> e.getName().equals("WALLET_TOPUP_STRIPE_LIVE"))
                .map(e -> String.valueOf(e.getValue())).toList();
        assertThat(configMap(manifests, "pes-config").getData()).as("pes-config").doesNotContainKey("WALLET_TOPUP_STRIPE_LIVE");
        if (overlay.equals("prod")) {
            assertThat(live).as("prod's wallet-service: Stripe's live mode, the default").isEmpty();
        } else {
            assertThat(live).as(overlay + "'s wallet-service: Stripe's test mode").containsExactly("false");
        }
    }

    private static void environment(List<HasMetadata> manifests) {
        Map<String, String> envToKey = new LinkedHashMap<>();
        for (String key : pesKeys) {
            envToKey.put(envName(key), key);
        }
        ConfigMap config = configMap(manifests, "pes-config");
        for (ServiceConfig service : services.values()) {
            Container c = deployment(manifests, service.name).getSpec().getTemplate().getSpec().getContainers().get(0);
            Set<String> set = new LinkedHashSet<>();
            for (EnvVar env : c.getEnv()) {
                if (!env.getName().startsWith("PES_")) {
                    continue;
                }
                assertThat(envToKey).as(service.name + ": " + env.getName() + " is the env form of no pes.* key the services read " + pesKeys)
                        .containsKey(env.getName());
                set.add(envToKey.get(env.getName()));
                if (env.getValueFrom() != null && env.getValueFrom().getConfigMapKeyRef() != null) {
                    var ref = env.getValueFrom().getConfigMapKeyRef();
                    assertThat(ref.getName()).isEqualTo(config.getMetadata().getName());
                    assertThat(config.getData()).as(service.name + " " + env.getName() + " from pes-config").containsKey(ref.getKey());
                }
                if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null
                        && env.getName().startsWith("PES_POSTGRES_")) {
                    assertThat(env.getValueFrom().getSecretKeyRef().getName())
                            .as(service.name + ": its database credentials are those of its own database " + service.database)
                            .isEqualTo("pes-db-" + service.database);
                }
            }
            assertThat(set).as(service.name + " sets every pes.* key its configuration needs").containsAll(service.requiredPesKeys);
        }
        for (String key : config.getData().keySet()) {
            if (key.startsWith("PES_")) {
                assertThat(envToKey).as("pes-config " + key).containsKey(key);
            }
        }
    }

    private static void storesAgree(List<HasMetadata> manifests) {
        Map<String, String> data = configMap(manifests, "pes-config").getData();
        Set<String> serviceNames = new TreeSet<>();
        of(manifests, Service.class).forEach(s -> serviceNames.add(s.getMetadata().getName()));
        assertThat(serviceNames).as("PES_REDIS_HOST").contains(data.get("PES_REDIS_HOST"));
        assertThat(servicePort(manifests, data.get("PES_REDIS_HOST"))).isEqualTo(Integer.parseInt(data.get("PES_REDIS_PORT")));
        List<GenericKubernetesResource> clusters = generic(manifests, "Cluster");
        if (clusters.isEmpty()) {
            assertThat(serviceNames).as("PES_POSTGRES_HOST").contains(data.get("PES_POSTGRES_HOST"));
            assertThat(servicePort(manifests, data.get("PES_POSTGRES_HOST"))).isEqualTo(Integer.parseInt(data.get("PES_POSTGRES_PORT")));
        } else {
            postgresCluster(manifests, clusters, data);
        }
        GenericKubernetesResource kafka = generic(manifests, "Kafka").get(0);
        List<Map<String, Object>> listeners = kafka.get("spec", "kafka", "listeners");
        String bootstrap = data.get("PES_KAFKA_BOOTSTRAP_SERVERS");
        Map<String, Object> listener = listeners.stream()
                .filter(l -> bootstrap.equals(kafka.getMetadata().getName() + "-kafka-bootstrap:" + l.get("port")))
                .findFirst().orElse(null);
        assertThat(listener).as("PES_KAFKA_BOOTSTRAP_SERVERS " + bootstrap + " is Strimzi's bootstrap Service on a listener").isNotNull();
        assertThat(data.get("PES_KAFKA_SECURITY_PROTOCOL")).as("the security protocol of listener " + listener.get("name"))
                .isEqualTo(Boolean.TRUE.equals(listener.get("tls")) ? "SASL_SSL" : "SASL_PLAINTEXT");
        for (String db : LocalDatabases.NAMES) {
            assertThat(services.values()).extracting(ServiceConfig::database).as("a service for database " + db).contains(db);
        }
    }

    /**
     * Issue 19, PostgreSQL with failover: one CloudNativePG Cluster of three or more instances with
     * synchronous commit to a standby (an acknowledged booking survives the primary's loss); the
     * services write to its read-write Service (the operator's {@code <cluster>-rw}, on 5432); every
     * service's database exists, owned by the role its pes-db-* Secret names; nothing of the
     * single-instance PostgreSQL is left.
     */
    private static void postgresCluster(List<HasMetadata> manifests, List<GenericKubernetesResource> clusters,
                                        Map<String, String> data) {
        assertThat(clusters).as("one PostgreSQL cluster").hasSize(1);
        GenericKubernetesResource cluster = clusters.get(0);
        String name = cluster.getMetadata().getName();
        assertThat(data.get("PES_POSTGRES_HOST")).as("the services write to the primary").isEqualTo(name + "-rw");
        assertThat(data.get("PES_POSTGRES_PORT")).isEqualTo("5432");
        assertThat(((Number) cluster.get("spec", "instances")).intValue()).as("instances").isGreaterThanOrEqualTo(3);
        assertThat(((Number) cluster.get("spec", "postgresql", "synchronous", "number")).intValue()).as("synchronous standbys").isPositive();
        assertThat((String) cluster.get("spec", "postgresql", "synchronous", "dataDurability")).isEqualTo("required");
        Map<String, String> owners = new LinkedHashMap<>();
        owners.put(cluster.get("spec", "bootstrap", "initdb", "database"), cluster.get("spec", "bootstrap", "initdb", "owner"));
        assertThat((String) cluster.get("spec", "bootstrap", "initdb", "secret", "name"))
                .isEqualTo("pes-db-" + cluster.get("spec", "bootstrap", "initdb", "database"));
        for (GenericKubernetesResource database : generic(manifests, "Database")) {
            assertThat((String) database.get("spec", "cluster", "name")).isEqualTo(name);
            owners.put(database.get("spec", "name"), database.get("spec", "owner"));
        }
        List<Map<String, Object>> roles = cluster.get("spec", "managed", "roles");
        Map<String, String> roleSecrets = new LinkedHashMap<>();
        roleSecrets.put(cluster.get("spec", "bootstrap", "initdb", "owner"), cluster.get("spec", "bootstrap", "initdb", "secret", "name"));
        for (Map<String, Object> role : roles) {
            roleSecrets.put((String) role.get("name"), (String) ((Map<String, Object>) role.get("passwordSecret")).get("name"));
        }
        for (String db : LocalDatabases.NAMES) {
            assertThat(owners).as("database " + db + " owned by its own role").containsEntry(db, db);
            assertThat(roleSecrets).as("role " + db + "'s password from its service's Secret").containsEntry(db, "pes-db-" + db);
        }
        assertThat(of(manifests, StatefulSet.class)).extracting(x -> x.getMetadata().getName())
                .as("the single-instance PostgreSQL is gone").doesNotContain("postgres");
    }

    /**
     * Issue 19, Redis with failover: where pes-config says {@code PES_REDIS_CLIENT_TYPE=cluster}, a
     * StatefulSet runs redis-server in cluster mode (AOF, noeviction, the pes-redis ACL, replicas
     * signing in to their master) on nodes apart, a Job joins exactly its pods with one replica per
     * master, wallet-service names every pod as a seed with its own credentials, waits for a
     * replica on every movement and spreads the wallets over at least as many buckets as there are
     * masters, and the single Redis is gone. Otherwise one node, one bucket, no replica awaited.
     */
    private static void redis(List<HasMetadata> manifests) {
        Map<String, String> data = configMap(manifests, "pes-config").getData();
        Container wallet = deployment(manifests, "wallet-service").getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, String> walletEnv = new LinkedHashMap<>();
        wallet.getEnv().forEach(e -> walletEnv.put(e.getName(), e.getValue()));
        assertThat(walletEnv).containsKeys("PES_REDIS_CLIENT_TYPE", "PES_REDIS_REPLICA_ACKS", "PES_REDIS_BUCKETS");
        int buckets = Integer.parseInt(data.get("PES_REDIS_BUCKETS"));
        if (!"cluster".equals(data.get("PES_REDIS_CLIENT_TYPE"))) {
            assertThat(data.get("PES_REDIS_CLIENT_TYPE")).isEqualTo("standalone");
            assertThat(data.get("PES_REDIS_REPLICA_ACKS")).isEqualTo("0");
            assertThat(buckets).as("one node: the wallets in one bucket").isEqualTo(1);
            assertThat(walletEnv).doesNotContainKey("PES_REDIS_URLS");
            return;
        }
        assertThat(Integer.parseInt(data.get("PES_REDIS_REPLICA_ACKS"))).as("a replica holds every movement before it is answered").isPositive();
        StatefulSet cluster = of(manifests, StatefulSet.class).stream()
                .filter(s -> s.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs().stream().anyMatch(a -> a.contains("--cluster-enabled yes")))
                .findFirst().orElse(null);
        assertThat(cluster).as("a StatefulSet running redis-server in cluster mode").isNotNull();
        String name = cluster.getMetadata().getName();
        int nodes = cluster.getSpec().getReplicas();
        assertThat(nodes).as("3 masters with a replica each, at least").isGreaterThanOrEqualTo(6);
        // One bucket would keep every wallet in one hash slot, on one master: the others idle.
        assertThat(buckets).as("PES_REDIS_BUCKETS: the wallets spread over every master (wallet-service's Keys)")
                .isGreaterThanOrEqualTo(nodes / 2).isLessThanOrEqualTo(16384);
        String args = String.join(" ", cluster.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs());
        assertThat(args).contains("--appendonly yes", "--maxmemory-policy noeviction", "--aclfile", "--masteruser admin", "--masterauth",
                "--cluster-announce-hostname");
        assertThat(cluster.getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution())
                .as("a master and its replica on different nodes").isNotEmpty();
        String headless = cluster.getSpec().getServiceName();
        assertThat(of(manifests, Service.class)).as("the StatefulSet's headless Service")
                .anyMatch(s -> s.getMetadata().getName().equals(headless) && "None".equals(s.getSpec().getClusterIP()));
        assertThat(servicePort(manifests, data.get("PES_REDIS_HOST"))).as("PES_REDIS_HOST").isEqualTo(Integer.parseInt(data.get("PES_REDIS_PORT")));
        List<String> pods = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            pods.add(name + "-" + i + "." + headless + ":" + data.get("PES_REDIS_PORT"));
        }
        String create = of(manifests, io.fabric8.kubernetes.api.model.batch.v1.Job.class).stream()
                .map(job -> String.join(" ", job.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs()))
                .filter(script -> script.contains("--cluster create")).findFirst().orElse(null);
        assertThat(create).as("a Job that forms the cluster").isNotNull().contains("--cluster-replicas 1");
        for (int i = 0; i < nodes; i++) {
            assertThat(create).as("the Job joins pod " + i).contains(name + "-" + i + "." + headless);
        }
        assertThat(walletEnv.get("PES_REDIS_URLS")).as("wallet-service names every node as a seed, as itself")
                .isEqualTo(String.join(",", pods.stream().map(p -> "redis://wallet-service:$(PES_REDIS_PASSWORD)@" + p).toList()));
        assertThat(new ArrayList<>(walletEnv.keySet()).indexOf("PES_REDIS_PASSWORD"))
                .as("PES_REDIS_PASSWORD is set before PES_REDIS_URLS uses it").isLessThan(new ArrayList<>(walletEnv.keySet()).indexOf("PES_REDIS_URLS"));
        assertThat(of(manifests, StatefulSet.class)).extracting(x -> x.getMetadata().getName())
                .as("the single Redis is gone").doesNotContain("redis");
    }

    private static void kafkaTopics(List<HasMetadata> manifests) {
        String cluster = generic(manifests, "Kafka").get(0).getMetadata().getName();
        Map<String, GenericKubernetesResource> declared = new LinkedHashMap<>();
        for (GenericKubernetesResource topic : generic(manifests, "KafkaTopic")) {
            assertThat(topic.getMetadata().getLabels()).as(topic.getMetadata().getName()).containsEntry("strimzi.io/cluster", cluster);
            String name = topic.get("spec", "topicName");
            declared.put(name != null ? name : topic.getMetadata().getName(), topic);
            assertThat(((Number) topic.get("spec", "partitions")).intValue()).as(name + " partitions").isPositive();
            assertThat(((Number) topic.get("spec", "replicas")).intValue()).as(name + " replicas").isPositive();
        }
        assertThat(declared.keySet()).as("KafkaTopics for every topic the services use").containsAll(topics);
        Map<String, Object> catalog = declared.get("app.catalog").get("spec", "config");
        assertThat(catalog).containsEntry("cleanup.policy", "compact");
    }

    private static void kafkaListeners(String overlay, List<HasMetadata> manifests) {
        GenericKubernetesResource kafka = generic(manifests, "Kafka").get(0);
        List<Map<String, Object>> listeners = kafka.get("spec", "kafka", "listeners");
        assertThat(listeners).isNotEmpty().allSatisfy(listener -> {
            assertThat(listener.get("authentication")).as("listener " + listener.get("name") + " authenticates")
                    .isEqualTo(Map.of("type", "scram-sha-512"));
            if (overlay.equals("prod")) {
                assertThat(listener.get("tls")).as("prod listener " + listener.get("name") + " is TLS").isEqualTo(true);
            }
        });
        assertThat((Object) kafka.get("spec", "kafka", "authorization", "type")).isEqualTo("simple");
        assertThat((Object) kafka.get("spec", "entityOperator", "userOperator")).as("the User Operator makes the KafkaUsers").isNotNull();
    }

    /**
     * The KafkaUsers are the identities of contracts' Topics, with its ACLs: each topic written by its
     * owner alone, read by the identities it names with their consumer groups; every service reads its
     * own KafkaUser's password.
     */
    private static void kafkaUsers(List<HasMetadata> manifests) {
        String cluster = generic(manifests, "Kafka").get(0).getMetadata().getName();
        Map<String, Set<String>> writers = new java.util.TreeMap<>();
        Map<String, Set<String>> readers = new java.util.TreeMap<>();
        Map<String, Set<String>> groups = new java.util.TreeMap<>();
        Set<String> users = new TreeSet<>();
        for (GenericKubernetesResource user : generic(manifests, "KafkaUser")) {
            String name = user.getMetadata().getName();
            users.add(name);
            assertThat(user.getMetadata().getLabels()).as(name).containsEntry("strimzi.io/cluster", cluster);
            assertThat((Object) user.get("spec", "authentication", "type")).as(name).isEqualTo("scram-sha-512");
            assertThat((Object) user.get("spec", "authorization", "type")).as(name).isEqualTo("simple");
            List<Map<String, Object>> acls = user.get("spec", "authorization", "acls");
            for (Map<String, Object> acl : acls) {
                @SuppressWarnings("unchecked")
                Map<String, Object> resource = (Map<String, Object>) acl.get("resource");
                @SuppressWarnings("unchecked")
                List<String> operations = (List<String>) acl.get("operations");
                assertThat(acl.get("type")).as(name + ": only allow ACLs").isIn(null, "allow");
                String resourceName = (String) resource.get("name");
                if ("topic".equals(resource.get("type"))) {
                    assertThat(resource.get("patternType")).as(name + " " + resourceName).isEqualTo("literal");
                    assertThat(operations).as(name + " on topic " + resourceName).isSubsetOf("Write", "Read", "Describe");
                    if (operations.contains("Write")) {
                        writers.computeIfAbsent(resourceName, t -> new TreeSet<>()).add(name);
                    }
                    if (operations.contains("Read")) {
                        readers.computeIfAbsent(resourceName, t -> new TreeSet<>()).add(name);
                    }
                } else {
                    assertThat(resource.get("type")).as(name + ": topics and groups only").isEqualTo("group");
                    assertThat(operations).as(name + " on group " + resourceName).containsExactly("Read");
                    assertThat(resource.get("patternType")).isEqualTo(resourceName.endsWith("-") ? "prefix" : "literal");
                    groups.computeIfAbsent(name, u -> new TreeSet<>()).add(resourceName);
                }
            }
        }
        assertThat(users).as("one KafkaUser per identity of Topics").isEqualTo(new TreeSet<>(Topics.IDENTITIES));
        Map<String, Set<String>> owners = new java.util.TreeMap<>();
        Topics.OWNERS.forEach((topic, owner) -> owners.put(topic, Set.of(owner)));
        assertThat(writers).as("every topic has exactly one writer: its owner").isEqualTo(owners);
        Map<String, Set<String>> expectedReaders = new java.util.TreeMap<>();
        Map<String, Set<String>> expectedGroups = new java.util.TreeMap<>();
        Topics.READERS.forEach((topic, byReader) -> byReader.forEach((reader, readerGroups) -> {
            expectedReaders.computeIfAbsent(topic, t -> new TreeSet<>()).add(reader);
            expectedGroups.computeIfAbsent(reader, r -> new TreeSet<>()).addAll(readerGroups);
        }));
        assertThat(readers).as("readers of each topic").isEqualTo(expectedReaders);
        assertThat(groups).as("consumer groups of each identity").isEqualTo(expectedGroups);
        for (ServiceConfig service : services.values()) {
            Container c = deployment(manifests, service.name).getSpec().getTemplate().getSpec().getContainers().get(0);
            EnvVar password = c.getEnv().stream().filter(e -> e.getName().equals("PES_KAFKA_PASSWORD")).findFirst().orElse(null);
            assertThat(password).as(service.name + " sets PES_KAFKA_PASSWORD").isNotNull();
            assertThat(password.getValueFrom().getSecretKeyRef().getName())
                    .as(service.name + ": its Kafka password is its own KafkaUser's").isEqualTo(service.name);
            assertThat(password.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("password");
        }
    }

    /**
     * Each service consumes each topic with a group Topics lets it read with, so that the ACLs made
     * from Topics (local stack and k8s) let the service do exactly what it does.
     */
    @org.junit.jupiter.api.Test
    void everyConsumerGroupIsOneTopicsAllows() {
        for (ServiceConfig service : services.values()) {
            Properties p = service.properties();
            for (String key : p.stringPropertyNames()) {
                Matcher channel = Pattern.compile("mp\\.messaging\\.incoming\\.([^.]+)\\.topic").matcher(key);
                if (!channel.matches()) {
                    continue;
                }
                String topic = p.getProperty(key);
                String group = p.getProperty("mp.messaging.incoming." + channel.group(1) + ".group.id");
                assertThat(group).as(service.name + " channel " + channel.group(1) + " names its group").isNotNull();
                List<String> allowed = Topics.READERS.getOrDefault(topic, Map.of()).getOrDefault(service.name, List.of());
                assertThat(allowed).as(service.name + " reads " + topic + " with group " + group + ": Topics.READERS allows it")
                        .anySatisfy(g -> assertThat(g.endsWith("-") ? group.startsWith(g) : group.equals(g)).isTrue());
                if (p.getProperty("mp.messaging.incoming." + channel.group(1) + ".dead-letter-queue.topic") != null) {
                    assertThat(Topics.owner(p.getProperty("mp.messaging.incoming." + channel.group(1) + ".dead-letter-queue.topic")))
                            .as(service.name + " writes its dead-letter topic").isEqualTo(service.name);
                }
            }
        }
    }

    private static void selectors(List<HasMetadata> manifests) {
        List<Map<String, String>> podLabels = new ArrayList<>();
        of(manifests, Deployment.class).forEach(d -> podLabels.add(d.getSpec().getTemplate().getMetadata().getLabels()));
        of(manifests, StatefulSet.class).forEach(d -> podLabels.add(d.getSpec().getTemplate().getMetadata().getLabels()));
        for (HorizontalPodAutoscaler hpa : of(manifests, HorizontalPodAutoscaler.class)) {
            assertThat(deployment(manifests, hpa.getSpec().getScaleTargetRef().getName())).as("HPA target " + hpa.getMetadata().getName()).isNotNull();
            assertThat(hpa.getSpec().getMinReplicas()).isLessThanOrEqualTo(hpa.getSpec().getMaxReplicas());
        }
        for (PodDisruptionBudget pdb : of(manifests, PodDisruptionBudget.class)) {
            Map<String, String> selector = pdb.getSpec().getSelector().getMatchLabels();
            assertThat(podLabels).as("pods the PDB " + pdb.getMetadata().getName() + " selects").anyMatch(l -> l.entrySet().containsAll(selector.entrySet()));
        }
        for (Service s : of(manifests, Service.class)) {
            Map<String, String> selector = s.getSpec().getSelector();
            assertThat(podLabels).as("pods the Service " + s.getMetadata().getName() + " selects").anyMatch(l -> l.entrySet().containsAll(selector.entrySet()));
        }
    }

    /**
     * Issue 21: every service has the sampling ratio and the OTLP endpoint from pes-config; the ratio is
     * one (0 to 1), the endpoint names the Collector's Service on its OTLP/gRPC port, that Service selects
     * the Collector's pods, and the Collector receives OTLP there and has a traces pipeline from it.
     */
    @SuppressWarnings("unchecked")
    private static void traces(List<HasMetadata> manifests) {
        ConfigMap config = configMap(manifests, "pes-config");
        for (ServiceConfig service : services.values()) {
            Container c = deployment(manifests, service.name).getSpec().getTemplate().getSpec().getContainers().get(0);
            for (String name : List.of("QUARKUS_OTEL_TRACES_SAMPLER_ARG", "QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT")) {
                assertThat(c.getEnv()).as(service.name + " " + name + " from pes-config").anySatisfy(env -> {
                    assertThat(env.getName()).isEqualTo(name);
                    assertThat(env.getValueFrom().getConfigMapKeyRef().getKey()).isEqualTo(name);
                });
            }
        }
        double ratio = Double.parseDouble(config.getData().get("QUARKUS_OTEL_TRACES_SAMPLER_ARG"));
        assertThat(ratio).as("the share of requests traced").isBetween(0.0, 1.0);
        java.net.URI endpoint = java.net.URI.create(config.getData().get("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT"));
        assertThat(endpoint.getHost()).as("the OTLP endpoint is the Collector's Service").isEqualTo(COLLECTOR);
        Service collector = of(manifests, Service.class).stream().filter(x -> x.getMetadata().getName().equals(COLLECTOR))
                .findFirst().orElseThrow(() -> new AssertionError("no Service " + COLLECTOR));
        var port = collector.getSpec().getPorts().stream().filter(p -> p.getPort() == endpoint.getPort()).findFirst()
                .orElseThrow(() -> new AssertionError("the Collector's Service has no port " + endpoint.getPort()));
        Deployment pods = deployment(manifests, COLLECTOR);
        assertThat(pods.getSpec().getTemplate().getMetadata().getLabels().entrySet())
                .as("the Collector's Service selects its pods").containsAll(collector.getSpec().getSelector().entrySet());
        Container c = pods.getSpec().getTemplate().getSpec().getContainers().get(0);
        int containerPort = resolvePort(c, port.getTargetPort());
        Map<String, Object> collectorConfig = SERIALIZATION.unmarshal(configMap(manifests, COLLECTOR).getData().get("config.yaml"), Map.class);
        Map<String, Object> receivers = (Map<String, Object>) collectorConfig.get("receivers");
        Map<String, Object> grpc = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) receivers.get("otlp")).get("protocols")).get("grpc");
        assertThat((String) grpc.get("endpoint")).as("the Collector's OTLP/gRPC receiver listens on the port the services send to")
                .endsWith(":" + containerPort);
        Map<String, Object> pipeline = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) collectorConfig.get("service"))
                .get("pipelines")).get("traces");
        assertThat((List<String>) pipeline.get("receivers")).contains("otlp");
        assertThat((List<String>) pipeline.get("exporters")).isNotEmpty()
                .allSatisfy(exporter -> assertThat(collectorConfig.get("exporters")).asInstanceOf(
                        org.assertj.core.api.InstanceOfAssertFactories.MAP).containsKey(exporter));
    }

    // ---- helpers ----

    /** The databases the local stack creates, one per service (SPEC §1). */
    static final class LocalDatabases {
        static final List<String> NAMES = com.platformeconomy.stack.LocalStack.DATABASES;
    }

    /** MicroProfile Config's environment form of a key: pes.kafka.bootstrap-servers -> PES_KAFKA_BOOTSTRAP_SERVERS. */
    static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    private static int resolvePort(Container c, IntOrString port) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return c.getPorts().stream().filter(p -> port.getStrVal().equals(p.getName())).findFirst()
                .map(ContainerPort::getContainerPort).orElseThrow(() -> new AssertionError("no container port named " + port.getStrVal()));
    }

    private static Integer servicePort(List<HasMetadata> manifests, String name) {
        return of(manifests, Service.class).stream().filter(s -> s.getMetadata().getName().equals(name)).findFirst()
                .map(s -> s.getSpec().getPorts().get(0).getPort()).orElse(null);
    }

    /**
     * SPEC §10: each service signs with its own Secret pes-jwt-<service>, and trusts only the public
     * keys of the services that call it (wallet-service: developer-earnings-service and
     * revenue-service; settlement-service: revenue-service; the others: none).
     */
    private static void serviceKeys(List<HasMetadata> manifests) {
        Map<String, Set<String>> callers = Map.of(
                "wallet-service", Set.of("developer-earnings-service.pem", "revenue-service.pem"),
                "settlement-service", Set.of("revenue-service.pem"));
        for (ServiceConfig service : services.values()) {
            var pod = deployment(manifests, service.name).getSpec().getTemplate().getSpec();
            Set<String> secrets = new TreeSet<>();
            Set<String> trusted = new TreeSet<>();
            for (var volume : pod.getVolumes()) {
                if (volume.getSecret() != null && volume.getSecret().getSecretName().startsWith("pes-jwt")) {
                    secrets.add(volume.getSecret().getSecretName());
                }
                if (volume.getConfigMap() != null && volume.getConfigMap().getName().equals("pes-service-keys")) {
                    assertThat(volume.getConfigMap().getItems()).as(service.name + " mounts chosen public keys, not all").isNotEmpty();
                    volume.getConfigMap().getItems().forEach(item -> trusted.add(item.getKey()));
                }
            }
            assertThat(secrets).as(service.name + "'s JWT Secrets").containsExactly("pes-jwt-" + service.name);
            assertThat(trusted).as(service.name + " trusts the public keys of").isEqualTo(callers.getOrDefault(service.name, Set.of()));
        }
    }

    private static Deployment deployment(List<HasMetadata> manifests, String name) {
        return of(manifests, Deployment.class).stream().filter(d -> d.getMetadata().getName().equals(name)).findFirst().orElse(null);
    }

    /** The generated ConfigMap: kustomize adds a content hash to its name and to every reference. */
    private static ConfigMap configMap(List<HasMetadata> manifests, String name) {
        return of(manifests, ConfigMap.class).stream().filter(c -> c.getMetadata().getName().matches(Pattern.quote(name) + "(-[a-z0-9]+)?"))
                .findFirst().orElseThrow(() -> new AssertionError("no ConfigMap " + name));
    }

    private static <T> List<T> of(List<HasMetadata> manifests, Class<T> type) {
        return manifests.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static List<GenericKubernetesResource> generic(List<HasMetadata> manifests, String kind) {
        return manifests.stream().filter(m -> m instanceof GenericKubernetesResource && m.getKind().equals(kind))
                .map(GenericKubernetesResource.class::cast).toList();
    }

    private static Properties load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        }
        return p;
    }

    /** pes.* keys a configuration reads through ${pes.…} expressions (outside the dev and test profiles). */
    private static Set<String> references(Properties p) {
        return references(p, true);
    }

    /** As {@link #references(Properties)}; without the optional ones unless {@code optional}. */
    private static Set<String> references(Properties p, boolean optional) {
        Set<String> keys = new TreeSet<>();
        Matcher m = Pattern.compile("\\$\\{(pes\\.[A-Za-z0-9.\\-]+)").matcher("");
        for (String name : p.stringPropertyNames()) {
            if (name.startsWith("%test.") || name.startsWith("%dev.")) {
                continue;
            }
            String value = p.getProperty(name);
            m.reset(value);
            while (m.find()) {
                // ${pes.kafka.passwords.${…}} names a key only with the inner expression's value: not a key of its own.
                // ${pes.redis.urls:redis://${pes.redis.username}…} is optional: its default is made of other
                // pes.* keys, which are required instead.
                if (!m.group(1).endsWith(".") && (optional || !defaultReadsPesKeys(value, m.end()))) {
                    keys.add(m.group(1));
                }
            }
        }
        return keys;
    }

    /** Whether the expression whose name ends at {@code at} has a default that reads a pes.* key. */
    private static boolean defaultReadsPesKeys(String value, int at) {
        if (at >= value.length() || value.charAt(at) != ':') {
            return false;
        }
        int depth = 1;
        for (int i = at + 1; i < value.length(); i++) {
            if (value.startsWith("${", i)) {
                if (value.startsWith("${pes.", i)) {
                    return true;
                }
                depth++;
            } else if (value.charAt(i) == '}' && --depth == 0) {
                return false;
            }
        }
        return false;
    }

    private static Set<String> keysWithPrefix(Properties p, String prefix) {
        Set<String> keys = new TreeSet<>();
        for (String name : p.stringPropertyNames()) {
            if (name.startsWith(prefix)) {
                keys.add(name);
            }
        }
        return keys;
    }

    /** {@code @ConfigProperty(name = "pes.…")} in a source tree. */
    private static Set<String> configPropertyNames(Path sources) throws IOException {
        Set<String> keys = new TreeSet<>();
        if (!Files.isDirectory(sources)) {
            return keys;
        }
        Pattern pattern = Pattern.compile("name\\s*=\\s*\"(pes\\.[A-Za-z0-9.\\-]+)\"");
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = pattern.matcher(Files.readString(file));
                while (m.find()) {
                    keys.add(m.group(1));
                }
            }
        }
        return keys;
    }

    private static Set<String> topicConstants(Path topicsJava) throws IOException {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("static\\s+final\\s+String\\s+\\w+\\s*=\\s*\"([^\"]+)\"").matcher(Files.readString(topicsJava));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
