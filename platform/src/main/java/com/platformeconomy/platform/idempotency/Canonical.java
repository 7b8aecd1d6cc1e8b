package com.platformeconomy.platform.idempotency;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/**
 * The canonical form of a request body and its fingerprint. The body is the request as the service
 * parsed it (so spacing and field order do not matter), written as JSON with fields sorted and
 * numbers in their shortest exact form ({@code 1.50} and {@code 1.5} are the same quantity). Strings
 * are JSON-escaped, so any character a caller sends — a newline, a quote, any Unicode — is part of
 * the fingerprint and can neither break it nor collide with another body.
 */
public final class Canonical {

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private Canonical() {
    }

    /** {@code body} (a record, map or tree) as canonical JSON. */
    public static String json(ObjectMapper mapper, Object body) {
        return json(mapper, body, java.util.Map.of());
    }

    /**
     * {@code body} as canonical JSON with {@code pathParameters} added as fields: what a request asks
     * includes the resource its path names (a trade on goal A is not a trade on goal B).
     */
    public static String json(ObjectMapper mapper, Object body, java.util.Map<String, ?> pathParameters) {
        try {
            JsonNode tree = mapper.valueToTree(body);
            if (!pathParameters.isEmpty()) {
                ObjectNode withPath = tree.isObject() ? (ObjectNode) tree : NODES.objectNode().set("body", tree);
                pathParameters.forEach((name, value) -> withPath.set(name, mapper.valueToTree(value)));
                tree = withPath;
            }
            return mapper.writeValueAsString(sorted(tree));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("request body cannot be written as JSON", e);
        }
    }

    /** Lower-case hex SHA-256 of the UTF-8 bytes of {@code canonicalJson}. */
    public static String sha256(String canonicalJson) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonicalJson.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The fields (dotted paths, top level first) whose values differ between two canonical bodies. */
    public static List<String> differences(ObjectMapper mapper, String first, String second) {
        try {
            List<String> out = new ArrayList<>();
            diff("", mapper.readTree(first), mapper.readTree(second), out);
            return out;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return List.of("body");
        }
    }

    private static void diff(String path, JsonNode a, JsonNode b, List<String> out) {
        if (a != null && b != null && a.isObject() && b.isObject()) {
            TreeSet<String> names = new TreeSet<>();
            a.fieldNames().forEachRemaining(names::add);
            b.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                diff(path.isEmpty() ? name : path + "." + name, a.get(name), b.get(name), out);
            }
        } else if (a == null || b == null || !a.equals(b)) {
            out.add(path.isEmpty() ? "body" : path);
        }
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            ObjectNode out = NODES.objectNode();
            TreeSet<String> names = new TreeSet<>();
            node.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode value = node.get(name);
                if (!value.isNull()) {
                    // An absent optional field and an explicit null ask for the same thing.
                    out.set(name, sorted(value));
                }
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = NODES.arrayNode();
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                out.add(sorted(it.next()));
            }
            return out;
        }
        if (node.isNumber()) {
            BigDecimal exact = node.decimalValue().stripTrailingZeros();
            return exact.scale() <= 0 ? NODES.numberNode(exact.toBigIntegerExact()) : NODES.numberNode(exact);
        }
        return node;
    }

}
