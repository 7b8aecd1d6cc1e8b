package com.platformeconomy.revctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * k8s/base/monitoring (issue #21): the Grafana dashboard, the alerts and the scrape. Every metric a
 * dashboard query or an alert reads must be listed in metrics.yaml, the contract each service's
 * MonitoringMetricsTest holds its /q/metrics to; every alert names its runbook, a heading of
 * k8s/README.md; both overlays render the dashboard's ConfigMap, the PrometheusRule and a
 * PodMonitor that scrapes the five services. The files are read from the source tree, the
 * overlays rendered with {@code kubectl kustomize} (skipped where kubectl is missing, like
 * K8sManifestsTest).
 */
class MonitoringManifestsTest {

    /** The job label the PodMonitor gives every target, which the dashboard and the alerts select. */
    private static final String JOB = "platform-economy-suite";
    private static final String DATASOURCE = "${datasource}";
    private static final Set<String> REQUIRED_ALERTS = Set.of("LedgerDrift", "ReconciliationNotRunning", "ConsumerLagHigh",
            "RelayBacklogHigh", "BillingEventsSetAside", "EventsParked", "TopUpSagaStuck", "FundingSagaStuck", "RedisMemoryHigh", "RedisClockApart", "HoldsNotReleased",
            "ServiceNotReady", "ServiceDown");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static Path root;
    private static Path monitoring;
    /** quarkus.application.name of every service module. */
    private static Set<String> services;
    /** metrics.yaml: the names under each service, and under others. */
    private static Map<String, Set<String>> listed;
    private static Set<String> allListed;
    private static JsonNode dashboard;
    private static JsonNode alerts;

    @BeforeAll
    static void read() throws IOException {
        root = Path.of(System.getProperty("pes.suite.root", "..")).toAbsolutePath().normalize();
        monitoring = root.resolve("k8s/base/monitoring");
        services = new TreeSet<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.sorted().toList()) {
                Path props = dir.resolve("src/main/resources/application.properties");
                if (Files.exists(props)) {
                    Properties p = new Properties();
                    try (Reader in = Files.newBufferedReader(props)) {
                        p.load(in);
                    }
                    if (p.getProperty("quarkus.http.port") != null && p.getProperty("quarkus.application.name") != null) {
                        services.add(p.getProperty("quarkus.application.name"));
                    }
                }
            }
        }
        assertThat(services).as("services found under " + root).hasSizeGreaterThanOrEqualTo(5);

        JsonNode contract = YAML.readTree(monitoring.resolve("metrics.yaml").toFile());
        listed = new TreeMap<>();
        contract.path("services").fields().forEachRemaining(e -> listed.put(e.getKey(), names(e.getValue())));
        listed.put("others", names(contract.path("others")));
        allListed = new TreeSet<>();
        listed.values().forEach(allListed::addAll);

        dashboard = JSON.readTree(monitoring.resolve("dashboard.json").toFile());
        alerts = YAML.readTree(monitoring.resolve("alerts.yaml").toFile());
    }

    private static Set<String> names(JsonNode list) {
        Set<String> names = new TreeSet<>();
        list.forEach(n -> names.add(n.asText()));
        return names;
    }

    // ---- the PromQL helper ----

    @Test
    void metricNamesOfAHistogramQuantileOverGrafanaVariables() {
        assertThat(PromQl.metricNames("histogram_quantile(0.99, sum by (le, service, uri) (rate("
                + "http_server_requests_seconds_bucket{job=\"platform-economy-suite\", namespace=\"$namespace\"}[$__rate_interval])))"))
                .containsExactly("http_server_requests_seconds_bucket");
    }

    @Test
    void metricNamesLeaveOutLabelsKeywordsNumbersAndStrings() {
        assertThat(PromQl.metricNames("(sum by (namespace) (increase(wallet_reconciliation_runs_total{outcome=~\"clean|drift\"}[30m]))"
                + " or 0 * sum by (namespace) (up{service=\"wallet-service\"})) == 0"))
                .containsExactly("up", "wallet_reconciliation_runs_total");
        assertThat(PromQl.metricNames("max by (namespace, deployment) (a_total) < ignoring (pod) group_left (team) b offset 5m"
                + " unless on (namespace) c_bytes > bool 1e3 and d[5m:30s] OR e"))
                .containsExactly("a_total", "b", "c_bytes", "d", "e");
        assertThat(PromQl.metricNames("label_replace(sum without (instance) (x), \"dst\", \"$1\", \"src\", \"(.*)\") / 0.5"))
                .containsExactly("x");
        assertThat(PromQl.metricNames("label_values(up{job=\"platform-economy-suite\"}, namespace)")).containsExactly("up");
        assertThat(PromQl.metricNames("sum(rate(foo:bar_total{a=\"}{[\"}[${interval}]))")).containsExactly("foo:bar_total");
    }

    @Test
    void metricNamesRefuseAnUnknownFunction() {
        assertThatThrownBy(() -> PromQl.metricNames("sum(rat(wallet_charges_total[5m]))"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rat(");
        assertThatThrownBy(() -> PromQl.metricNames("sum(rate(wallet_charges_total[5m])"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unpaired");
        assertThatThrownBy(() -> PromQl.metricNames("sum(rate(wallet_charges_total{outcome=\"accepted\"[5m]))"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unpaired");
    }

    // ---- metrics.yaml ----

    @Test
    void metricsYamlNamesTheSuitesServicesAndPrometheusNames() {
        Set<String> listedServices = new TreeSet<>(listed.keySet());
        listedServices.remove("others");
        assertThat(listedServices).as("metrics.yaml's services are the suite's").isEqualTo(services);
        assertThat(allListed).allSatisfy(name -> assertThat(name).as("a Prometheus metric name").matches("[a-zA-Z_:][a-zA-Z0-9_:]*"));
    }

    // ---- the dashboard ----

    @Test
    void dashboardHasADatasourceVariableOfPrometheus() {
        assertThat(dashboard.path("uid").asText()).isNotBlank();
        assertThat(dashboard.path("title").asText()).isNotBlank();
        assertThat(dashboard.path("schemaVersion").asInt()).as("schemaVersion").isBetween(36, 41);
        JsonNode variable = variable("datasource");
        assertThat(variable).as("a template variable named datasource").isNotNull();
        assertThat(variable.path("type").asText()).isEqualTo("datasource");
        assertThat(variable.path("query").asText()).isEqualTo("prometheus");
        for (JsonNode v : dashboard.path("templating").path("list")) {
            if (v.path("type").asText().equals("query")) {
                assertThat(v.path("datasource").path("uid").asText()).as("variable " + v.path("name")).isEqualTo(DATASOURCE);
            }
        }
    }

    @Test
    void everyPanelQueriesThroughTheDatasourceVariable() {
        List<JsonNode> panels = panels();
        assertThat(panels).as("panels").hasSizeGreaterThan(10);
        Set<Integer> ids = new TreeSet<>();
        for (JsonNode panel : panels) {
            String name = "panel " + panel.path("id") + " '" + panel.path("title").asText() + "'";
            assertThat(panel.path("id").isInt()).as(name + " has an id").isTrue();
            assertThat(ids.add(panel.path("id").asInt())).as(name + ": panel ids are unique").isTrue();
            assertThat(panel.path("title").asText()).as(name + " title").isNotBlank();
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            assertThat(panel.path("datasource").path("uid").asText()).as(name + " datasource").isEqualTo(DATASOURCE);
            assertThat(panel.path("targets").size()).as(name + " has a target").isPositive();
            Set<String> refIds = new TreeSet<>();
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("expr").asText()).as(name + " target " + target.path("refId") + " expr").isNotBlank();
                assertThat(refIds.add(target.path("refId").asText())).as(name + ": refIds are unique").isTrue();
                if (target.has("datasource")) {
                    assertThat(target.path("datasource").path("uid").asText()).as(name + " target datasource").isEqualTo(DATASOURCE);
                }
            }
        }
    }

    @Test
    void panelsFitTheGridWithoutOverlapping() {
        List<int[]> placed = new ArrayList<>();
        for (JsonNode panel : panels()) {
            JsonNode g = panel.path("gridPos");
            int x = g.path("x").asInt(), y = g.path("y").asInt(), w = g.path("w").asInt(), h = g.path("h").asInt();
            String name = "panel " + panel.path("id") + " '" + panel.path("title").asText() + "'";
            assertThat(w).as(name + " width").isPositive();
            assertThat(h).as(name + " height").isPositive();
            assertThat(x + w).as(name + ": within the 24 columns").isLessThanOrEqualTo(24);
            for (int[] other : placed) {
                boolean overlaps = x < other[0] + other[2] && other[0] < x + w && y < other[1] + other[3] && other[1] < y + h;
                assertThat(overlaps).as(name + " overlaps panel " + other[4]).isFalse();
            }
            placed.add(new int[] {x, y, w, h, panel.path("id").asInt()});
        }
    }

    @Test
    void everyMetricTheDashboardReadsIsInMetricsYaml() {
        Map<String, String> queries = dashboardQueries();
        queries.forEach((where, expr) -> {
            Set<String> metrics = PromQl.metricNames(expr);
            assertThat(metrics).as(where + " reads a metric").isNotEmpty();
            assertThat(allListed).as(where + ": its metrics " + metrics + " are listed in k8s/base/monitoring/metrics.yaml").containsAll(metrics);
        });
        selectorsAgree(queries);
    }

    // ---- the alerts ----

    @Test
    void alertsAreAPrometheusRuleWithTheAlertsAskedFor() {
        assertThat(alerts.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(alerts.path("kind").asText()).isEqualTo("PrometheusRule");
        Set<String> names = new TreeSet<>();
        for (JsonNode rule : rules()) {
            assertThat(names.add(rule.path("alert").asText())).as("alert names are unique: " + rule.path("alert")).isTrue();
        }
        assertThat(names).containsAll(REQUIRED_ALERTS);
    }

    @Test
    void everyAlertHasSeveritySummaryDescriptionAndARunbookInTheReadme() throws IOException {
        Set<String> anchors = headingAnchors(Files.readString(root.resolve("k8s/README.md")));
        for (JsonNode rule : rules()) {
            String alert = rule.path("alert").asText();
            assertThat(alert).as("a rule of alerts.yaml is an alert (no recording rules here)").isNotBlank();
            assertThat(rule.path("expr").asText()).as(alert + " expr").isNotBlank();
            if (rule.has("for")) {
                assertThat(rule.path("for").asText()).as(alert + " for").matches("(\\d+[smhdwy])+");
            }
            assertThat(rule.path("labels").path("severity").asText()).as(alert + " severity").isIn("critical", "warning", "info");
            JsonNode annotations = rule.path("annotations");
            assertThat(annotations.path("summary").asText()).as(alert + " summary").isNotBlank();
            assertThat(annotations.path("description").asText()).as(alert + " description").isNotBlank();
            String runbook = annotations.path("runbook_url").asText();
            assertThat(runbook).as(alert + " runbook_url").startsWith("k8s/README.md#");
            String anchor = runbook.substring(runbook.indexOf('#') + 1);
            assertThat(anchor).as(alert + ": its runbook is its own section").isEqualTo("runbook-" + alert.toLowerCase(Locale.ROOT));
            assertThat(anchors).as(alert + ": k8s/README.md has a heading for #" + anchor).contains(anchor);
        }
    }

    @Test
    void everyMetricTheAlertsReadIsInMetricsYaml() {
        Map<String, String> expressions = new LinkedHashMap<>();
        for (JsonNode rule : rules()) {
            String alert = rule.path("alert").asText();
            Set<String> metrics = PromQl.metricNames(rule.path("expr").asText());
            assertThat(metrics).as(alert + " reads a metric").isNotEmpty();
            assertThat(allListed).as(alert + ": its metrics " + metrics + " are listed in k8s/base/monitoring/metrics.yaml").containsAll(metrics);
            expressions.put("alert " + alert, rule.path("expr").asText());
        }
        selectorsAgree(expressions);
    }

    /**
     * Every {@code job="…"} a query selects is the PodMonitor's job, and every {@code deployment=~"…"}
     * names exactly the suite's services: a service added or renamed shows up here.
     */
    private static void selectorsAgree(Map<String, String> expressions) {
        Pattern job = Pattern.compile("\\bjob\\s*=\\s*\"([^\"]*)\"");
        Pattern deployment = Pattern.compile("\\bdeployment\\s*=~\\s*\"([^\"]*)\"");
        expressions.forEach((where, expr) -> {
            Matcher m = job.matcher(expr);
            while (m.find()) {
                assertThat(m.group(1)).as(where + ": the job the PodMonitor sets").isEqualTo(JOB);
            }
            m = deployment.matcher(expr);
            while (m.find()) {
                assertThat(new TreeSet<>(List.of(m.group(1).split("\\|")))).as(where + ": the suite's Deployments").isEqualTo(services);
            }
        });
    }

    @Test
    void githubAnchorsOfHeadings() {
        assertThat(headingAnchors("# k8s/ — the suite\n```\n# not a heading\n```\n### Runbook: LedgerDrift\n## Keys (SPEC §10: told apart)\n"
                + "## Keys (SPEC §10: told apart)\n"))
                .containsExactlyInAnyOrder("k8s--the-suite", "runbook-ledgerdrift", "keys-spec-10-told-apart", "keys-spec-10-told-apart-1");
    }

    // ---- the rendered overlays ----

    @TestFactory
    Stream<DynamicContainer> everyOverlayDeploysTheMonitoring() throws IOException {
        List<Path> dirs;
        try (Stream<Path> list = Files.list(root.resolve("k8s/overlays"))) {
            dirs = list.filter(Files::isDirectory).sorted().toList();
        }
        String kubectl = K8sManifestsTest.kubectl();
        Assumptions.assumeTrue(kubectl != null,
                "kubectl is not installed (or KUBECTL does not name it): k8s/base/monitoring is NOT rendered on this machine. "
                        + "Install kubectl (it bundles kustomize) to run these checks.");
        return dirs.stream().map(dir -> {
            List<HasMetadata> manifests = K8sManifestsTest.render(kubectl, dir);
            return DynamicContainer.dynamicContainer(dir.getFileName().toString(), Stream.of(
                    DynamicTest.dynamicTest("the dashboard's ConfigMap, labelled for Grafana's sidecar", () -> dashboardConfigMap(manifests)),
                    DynamicTest.dynamicTest("the PrometheusRule, as alerts.yaml", () -> prometheusRule(manifests)),
                    DynamicTest.dynamicTest("a PodMonitor scraping /q/metrics of the five services", () -> podMonitor(manifests))));
        });
    }

    private static void dashboardConfigMap(List<HasMetadata> manifests) throws IOException {
        List<ConfigMap> labelled = manifests.stream().filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast)
                .filter(c -> c.getMetadata().getLabels() != null && "1".equals(c.getMetadata().getLabels().get("grafana_dashboard")))
                .toList();
        assertThat(labelled).as("ConfigMaps labelled grafana_dashboard=1").hasSize(1);
        ConfigMap map = labelled.get(0);
        assertThat(map.getMetadata().getName()).as("a fixed name: no kustomize hash").isEqualTo("pes-grafana-dashboard");
        assertThat(map.getMetadata().getNamespace()).as("in the overlay's namespace").isEqualTo(namespace(manifests));
        assertThat(map.getData()).hasSize(1);
        Map.Entry<String, String> file = map.getData().entrySet().iterator().next();
        assertThat(file.getKey()).endsWith(".json");
        assertThat(JSON.readTree(file.getValue())).as("the ConfigMap carries dashboard.json").isEqualTo(dashboard);
    }

    private static void prometheusRule(List<HasMetadata> manifests) {
        List<GenericKubernetesResource> rules = generic(manifests, "PrometheusRule");
        assertThat(rules).hasSize(1);
        GenericKubernetesResource rule = rules.get(0);
        assertThat(rule.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(rule.getMetadata().getNamespace()).as("in the overlay's namespace").isEqualTo(namespace(manifests));
        JsonNode spec = JSON.valueToTree(rule.getAdditionalProperties().get("spec"));
        assertThat(spec).as("the rendered rules are alerts.yaml's").isEqualTo(alerts.path("spec"));
    }

    @SuppressWarnings("unchecked")
    private static void podMonitor(List<HasMetadata> manifests) {
        List<GenericKubernetesResource> monitors = generic(manifests, "PodMonitor");
        assertThat(monitors).hasSize(1);
        GenericKubernetesResource monitor = monitors.get(0);
        assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(monitor.getMetadata().getNamespace()).as("in the overlay's namespace").isEqualTo(namespace(manifests));
        Map<String, Object> selector = monitor.get("spec", "selector");
        assertThat((Object) selector.get("matchLabels")).as("selects by matchExpressions only").isNull();
        List<Map<String, Object>> expressions = (List<Map<String, Object>>) selector.get("matchExpressions");
        assertThat(expressions).hasSize(1);
        assertThat(expressions.get(0)).containsEntry("key", "app.kubernetes.io/name").containsEntry("operator", "In");
        assertThat(new TreeSet<>((List<String>) expressions.get(0).get("values"))).as("the pods of the suite's services").isEqualTo(services);

        List<Map<String, Object>> endpoints = monitor.get("spec", "podMetricsEndpoints");
        assertThat(endpoints).hasSize(1);
        Map<String, Object> endpoint = endpoints.get(0);
        assertThat(endpoint.get("path")).isEqualTo("/q/metrics");
        for (String service : services) {
            Deployment d = manifests.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
                    .filter(x -> x.getMetadata().getName().equals(service)).findFirst().orElseThrow();
            assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).as(service + "'s pods")
                    .containsEntry("app.kubernetes.io/name", service);
            assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts()).extracting(ContainerPort::getName)
                    .as(service + " has the port the PodMonitor scrapes").contains((String) endpoint.get("port"));
        }
        Map<String, Map<String, Object>> byTarget = new HashMap<>();
        for (Map<String, Object> relabeling : (List<Map<String, Object>>) endpoint.get("relabelings")) {
            byTarget.put((String) relabeling.get("targetLabel"), relabeling);
        }
        assertThat(byTarget.get("service")).as("a relabeling that sets service").isNotNull();
        assertThat(byTarget.get("service").get("sourceLabels")).as("service = the pod's app.kubernetes.io/name")
                .isEqualTo(List.of("__meta_kubernetes_pod_label_app_kubernetes_io_name"));
        assertThat(byTarget.get("job")).as("a relabeling that sets job").isNotNull();
        assertThat(byTarget.get("job").get("replacement")).as("the job the dashboard and the alerts select").isEqualTo(JOB);
        assertThat(byTarget.get("job").get("sourceLabels")).isNull();
    }

    // ---- helpers ----

    /** Every panel, those inside collapsed rows too. */
    private static List<JsonNode> panels() {
        List<JsonNode> all = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            all.add(panel);
            panel.path("panels").forEach(all::add);
        }
        return all;
    }

    /** Every PromQL query of the dashboard (panels' targets, query variables), by where it is. */
    private static Map<String, String> dashboardQueries() {
        Map<String, String> queries = new LinkedHashMap<>();
        for (JsonNode panel : panels()) {
            for (JsonNode target : panel.path("targets")) {
                queries.put("panel " + panel.path("id").asText() + " '" + panel.path("title").asText() + "' target "
                        + target.path("refId").asText(), target.path("expr").asText());
            }
        }
        for (JsonNode v : dashboard.path("templating").path("list")) {
            if (v.path("type").asText().equals("query")) {
                queries.put("variable " + v.path("name").asText(),
                        v.path("query").isObject() ? v.path("query").path("query").asText() : v.path("query").asText());
            }
        }
        return queries;
    }

    private static JsonNode variable(String name) {
        for (JsonNode v : dashboard.path("templating").path("list")) {
            if (v.path("name").asText().equals(name)) {
                return v;
            }
        }
        return null;
    }

    private static List<JsonNode> rules() {
        List<JsonNode> rules = new ArrayList<>();
        for (JsonNode group : alerts.path("spec").path("groups")) {
            group.path("rules").forEach(rules::add);
        }
        assertThat(rules).as("rules in alerts.yaml").isNotEmpty();
        return rules;
    }

    /**
     * GitHub's anchors of a Markdown file's headings (outside fenced code): lowercase, punctuation
     * dropped (letters, digits, spaces, '-' and '_' stay), spaces to '-'; a repeated one gets -1, -2, ….
     */
    static Set<String> headingAnchors(String markdown) {
        Set<String> anchors = new TreeSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean fenced = false;
        for (String line : markdown.split("\n")) {
            if (line.startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            Matcher m = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$").matcher(line);
            if (fenced || !m.matches()) {
                continue;
            }
            String anchor = m.group(1).toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
            int n = seen.merge(anchor, 1, Integer::sum);
            anchors.add(n == 1 ? anchor : anchor + "-" + (n - 1));
        }
        return anchors;
    }

    private static String namespace(List<HasMetadata> manifests) {
        return manifests.stream().filter(Deployment.class::isInstance).findFirst().orElseThrow().getMetadata().getNamespace();
    }

    private static List<GenericKubernetesResource> generic(List<HasMetadata> manifests, String kind) {
        return manifests.stream().filter(m -> m instanceof GenericKubernetesResource && m.getKind().equals(kind))
                .map(GenericKubernetesResource.class::cast).toList();
    }
}
