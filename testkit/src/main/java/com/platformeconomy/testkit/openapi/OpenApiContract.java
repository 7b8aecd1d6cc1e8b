package com.platformeconomy.testkit.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checks every service's OpenAPI contract passes on each build (issue #22):
 *
 * <ul>
 * <li>{@link #assertTracked}: the document the service serves is the one kept in
 * {@code <service>/openapi.yaml}, so a change of the contract shows in review. When they differ the
 * tracked file is rewritten with the served document and the test fails: commit the new file if the
 * change is meant.</li>
 * <li>{@link #lint}: the rules of Stoplight Spectral's {@code spectral:oas} ruleset that a document
 * can break here, plus the suite's own (a summary per operation, described tags, problem+json on
 * every refusal). {@code .ci/run} also runs Spectral itself on the tracked files where Node.js is.</li>
 * <li>{@link #undocumented}: every status a test saw a route answer
 * ({@code platform/openapi/ObservedStatuses}) is a response of that operation.</li>
 * </ul>
 */
public final class OpenApiContract {

    public static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    private static final Pattern URL_SAFE = Pattern.compile("[A-Za-z0-9\\-._~:/?#\\[\\]@!$&'()*+,;=]+");
    private static final Pattern PATH_PARAM = Pattern.compile("\\{([^}]+)}");
    private static final Pattern REF = Pattern.compile("\"\\$ref\"\\s*:\\s*\"#/components/([^/]+)/([^\"]+)\"");

    private OpenApiContract() {
    }

    public static JsonNode parse(String yamlOrJson) {
        try {
            return YAML.readTree(yamlOrJson);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Fails, naming each problem, unless {@code served} is exactly the tracked file and passes
     * {@link #lint}. A differing tracked file is rewritten with {@code served} first.
     */
    public static void assertTrackedAndClean(String served, Path tracked) {
        List<String> problems = new ArrayList<>(lint(parse(served)));
        try {
            String kept = Files.exists(tracked) ? Files.readString(tracked, StandardCharsets.UTF_8) : "";
            if (!kept.equals(served)) {
                Files.writeString(tracked, served, StandardCharsets.UTF_8);
                problems.add(0, "the served OpenAPI document differs from " + tracked.toAbsolutePath()
                        + ", which now holds the served one: review the change (git diff) and commit it");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(problems.size() + " contract problem(s):\n  " + String.join("\n  ", problems));
        }
    }

    /** The violations of the contract rules; empty when the document is clean. */
    public static List<String> lint(JsonNode doc) {
        List<String> out = new ArrayList<>();
        JsonNode info = doc.path("info");
        if (info.path("contact").isMissingNode()) {
            out.add("info-contact: info has no contact");
        }
        if (info.path("description").asText("").isBlank()) {
            out.add("info-description: info has no description");
        }
        if (!doc.path("servers").isArray() || doc.path("servers").isEmpty()) {
            out.add("oas3-api-servers: no servers");
        }
        for (JsonNode server : doc.path("servers")) {
            if (server.path("url").asText("").isBlank() || server.path("url").asText().endsWith("/")) {
                out.add("oas3-server-trailing-slash / url: bad server url '" + server.path("url").asText() + "'");
            }
        }
        Set<String> declaredTags = new HashSet<>();
        for (JsonNode tag : doc.path("tags")) {
            declaredTags.add(tag.path("name").asText());
            if (tag.path("description").asText("").isBlank()) {
                out.add("tag-description: tag '" + tag.path("name").asText() + "' has no description");
            }
        }
        if (declaredTags.isEmpty()) {
            out.add("openapi-tags: no tags declared");
        }
        Set<String> schemes = new HashSet<>();
        doc.path("components").path("securitySchemes").fieldNames().forEachRemaining(schemes::add);
        Set<String> operationIds = new HashSet<>();
        Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            String template = path.getKey();
            if (template.length() > 1 && template.endsWith("/")) {
                out.add("path-keys-no-trailing-slash: " + template);
            }
            if (template.contains("?")) {
                out.add("path-not-include-query: " + template);
            }
            Iterator<Map.Entry<String, JsonNode>> operations = path.getValue().fields();
            while (operations.hasNext()) {
                Map.Entry<String, JsonNode> entry = operations.next();
                if (!METHODS.contains(entry.getKey())) {
                    continue;
                }
                String where = entry.getKey().toUpperCase() + " " + template;
                JsonNode op = entry.getValue();
                String id = op.path("operationId").asText("");
                if (id.isBlank()) {
                    out.add("operation-operationId: " + where + " has no operationId");
                } else {
                    if (!operationIds.add(id)) {
                        out.add("operation-operationId-unique: " + where + " repeats operationId " + id);
                    }
                    if (!URL_SAFE.matcher(id).matches()) {
                        out.add("operation-operationId-valid-in-url: " + where + " " + id);
                    }
                }
                if (op.path("summary").asText("").isBlank()) {
                    out.add("operation-summary: " + where + " has no summary");
                }
                if (op.path("description").asText("").isBlank()) {
                    out.add("operation-description: " + where + " has no description");
                }
                if (!op.path("tags").isArray() || op.path("tags").isEmpty()) {
                    out.add("operation-tags: " + where + " has no tag");
                }
                for (JsonNode tag : op.path("tags")) {
                    if (!declaredTags.contains(tag.asText())) {
                        out.add("operation-tag-defined: " + where + " uses undeclared tag '" + tag.asText() + "'");
                    }
                }
                lintParameters(where, template, path.getValue(), op, doc, out);
                lintResponses(where, op, out);
                for (JsonNode requirement : op.path("security")) {
                    requirement.fields().forEachRemaining(scheme -> {
                        if (!schemes.contains(scheme.getKey())) {
                            out.add("oas3-operation-security-defined: " + where + " names undefined scheme " + scheme.getKey());
                        } else if (!scheme.getValue().isEmpty()) {
                            out.add("oas3-operation-security-defined: " + where + " lists scopes " + scheme.getValue()
                                    + " of a bearer scheme (roles belong in x-roles)");
                        }
                    });
                }
            }
        }
        lintUnusedComponents(doc, out);
        if (doc.toString().contains("\"x-problem-codes\"")) {
            out.add("x-problem-codes: left in the served document (platform ContractFilter turns it into responses)");
        }
        return out;
    }

    private static void lintParameters(String where, String template, JsonNode pathItem, JsonNode op, JsonNode doc, List<String> out) {
        Set<String> seen = new HashSet<>();
        Set<String> pathParams = new HashSet<>();
        List<JsonNode> params = new ArrayList<>();
        pathItem.path("parameters").forEach(params::add);
        op.path("parameters").forEach(params::add);
        for (JsonNode param : params) {
            JsonNode resolved = resolve(doc, param);
            String key = resolved.path("in").asText() + ":" + resolved.path("name").asText();
            if (!seen.add(key) && op.path("parameters").has(0)) {
                out.add("operation-parameters: " + where + " declares " + key + " twice");
            }
            if ("path".equals(resolved.path("in").asText())) {
                pathParams.add(resolved.path("name").asText());
            }
        }
        Matcher m = PATH_PARAM.matcher(template);
        Set<String> inTemplate = new HashSet<>();
        while (m.find()) {
            inTemplate.add(m.group(1));
            if (!pathParams.contains(m.group(1))) {
                out.add("path-params: " + where + " does not declare path parameter " + m.group(1));
            }
        }
        for (String declared : pathParams) {
            if (!inTemplate.contains(declared)) {
                out.add("path-params: " + where + " declares path parameter " + declared + " not in its path");
            }
        }
    }

    private static void lintResponses(String where, JsonNode op, List<String> out) {
        JsonNode responses = op.path("responses");
        boolean success = false;
        // A page (every documented success is text/html) shows its refusals as pages.
        boolean page = false;
        boolean json = false;
        for (Iterator<Map.Entry<String, JsonNode>> r = responses.fields(); r.hasNext(); ) {
            Map.Entry<String, JsonNode> e = r.next();
            if (e.getKey().startsWith("2")) {
                page |= e.getValue().path("content").has("text/html");
                json |= e.getValue().path("content").size() > (e.getValue().path("content").has("text/html") ? 1 : 0);
            }
        }
        page &= !json;
        Iterator<Map.Entry<String, JsonNode>> it = responses.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> response = it.next();
            String status = response.getKey();
            if (status.startsWith("x-")) {
                out.add("response-extension: " + where + " has " + status + " among its responses");
                continue;
            }
            success |= status.startsWith("2") || status.startsWith("3");
            if (response.getValue().path("description").asText("").isBlank()) {
                out.add("response-description: " + where + " " + status + " has no description");
            }
            JsonNode content = response.getValue().path("content");
            if ((status.startsWith("4") || status.startsWith("5")) && content.path("application/problem+json").isMissingNode()
                    && !(page && content.has("text/html"))) {
                out.add("problem-json: " + where + " " + status + " is not described as application/problem+json"
                        + " (or, for a page, text/html)");
            }
        }
        if (!success) {
            out.add("operation-success-response: " + where + " has no 2xx or 3xx response");
        }
    }

    private static JsonNode resolve(JsonNode doc, JsonNode node) {
        String ref = node.path("$ref").asText("");
        if (!ref.startsWith("#/")) {
            return node;
        }
        return doc.at(ref.substring(1));
    }

    /** oas3-unused-component: a component nothing refers to (schemas refer to each other too). */
    private static void lintUnusedComponents(JsonNode doc, List<String> out) {
        String text;
        try {
            text = new ObjectMapper().writeValueAsString(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> referenced = new HashSet<>();
        Matcher m = REF.matcher(text);
        while (m.find()) {
            referenced.add(m.group(1) + "/" + m.group(2));
        }
        for (String kind : List.of("schemas", "parameters", "responses", "requestBodies", "examples", "headers")) {
            doc.path("components").path(kind).fieldNames().forEachRemaining(name -> {
                if (!referenced.contains(kind + "/" + name)) {
                    out.add("oas3-unused-component: components/" + kind + "/" + name + " is never referred to");
                }
            });
        }
    }

    /**
     * The observed answers ({@code METHOD path status} lines) whose operation exists in {@code doc}
     * but does not document that status. A path no documented template matches (static files,
     * {@code /q/…}) or a method the path has no operation for is not the contract's business.
     */
    public static List<String> undocumented(JsonNode doc, List<String> observed) {
        List<Template> templates = new ArrayList<>();
        doc.path("paths").fieldNames().forEachRemaining(t -> templates.add(Template.of(t)));
        templates.sort(Comparator.comparingInt(Template::params).thenComparing(Template::text));
        Set<String> out = new LinkedHashSet<>();
        for (String line : observed) {
            String[] parts = line.trim().split(" ");
            if (parts.length != 3) {
                continue;
            }
            String method = parts[0].toLowerCase();
            Optional<Template> match = templates.stream().filter(t -> t.pattern().matcher(parts[1]).matches()).findFirst();
            if (match.isEmpty()) {
                continue;
            }
            JsonNode op = doc.path("paths").path(match.get().text()).path(method);
            if (op.isMissingNode()) {
                continue;
            }
            if (!op.path("responses").has(parts[2]) && !op.path("responses").has("default")) {
                out.add(parts[0] + " " + match.get().text() + " answered " + parts[2] + " (e.g. " + parts[1]
                        + ") but documents " + statuses(op));
            }
        }
        return List.copyOf(out);
    }

    /** Fails naming every undocumented status of {@link #undocumented}. */
    public static void assertObservedDocumented(Path tracked, Path observed) {
        try {
            if (!Files.exists(observed)) {
                return;
            }
            List<String> problems = undocumented(parse(Files.readString(tracked, StandardCharsets.UTF_8)),
                    Files.readAllLines(observed, StandardCharsets.UTF_8));
            if (!problems.isEmpty()) {
                throw new AssertionError(problems.size() + " status(es) the tests saw are not in " + tracked + ":\n  "
                        + String.join("\n  ", problems));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TreeSet<String> statuses(JsonNode op) {
        TreeSet<String> statuses = new TreeSet<>();
        op.path("responses").fieldNames().forEachRemaining(statuses::add);
        return statuses;
    }

    private record Template(String text, Pattern pattern, int params) {
        static Template of(String text) {
            Matcher m = PATH_PARAM.matcher(text);
            StringBuilder regex = new StringBuilder();
            int last = 0;
            int params = 0;
            while (m.find()) {
                regex.append(Pattern.quote(text.substring(last, m.start()))).append("[^/]+");
                last = m.end();
                params++;
            }
            regex.append(Pattern.quote(text.substring(last)));
            return new Template(text, Pattern.compile(regex + "/?"), params);
        }
    }
}
