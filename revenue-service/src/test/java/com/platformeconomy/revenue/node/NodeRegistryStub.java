package com.platformeconomy.revenue.node;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stands in for settlement-service's node registry ({@code GET /api/admin/nodes/{node_id}}) in
 * this module's tests, answering what {@link #register} was told, as settlement-service answers
 * (404 for a node nobody registered, 401 without a bearer token). The database, Kafka and the
 * revenue logic stay real; the whole suite with the real registry runs in e2e/.
 */
public class NodeRegistryStub implements QuarkusTestResourceLifecycleManager {

    /** Each node's tier, then its owners in order: operator, since (an instant), operator, since… */
    private static final Map<String, java.util.List<String>> NODES = new ConcurrentHashMap<>();
    /** When {@link #register} says a node was registered: before every period the tests report. */
    private static final String REGISTERED_AT = "2000-01-01T00:00:00Z";
    private static volatile boolean down;
    private HttpServer server;

    /** Registers a node to an operator, with its tier, as of 2000-01-01 (its earlier owners forgotten). */
    public static void register(String nodeId, String operatorId, String tier) {
        NODES.put(nodeId, new java.util.ArrayList<>(java.util.List.of(tier, operatorId, REGISTERED_AT)));
    }

    /** Moves a registered node to another operator at {@code at}, as an admin does with settlement-service. */
    public static void move(String nodeId, String operatorId, java.time.Instant at) {
        NODES.get(nodeId).addAll(java.util.List.of(operatorId, at.toString()));
    }

    /** Makes the registry answer 503, as settlement-service down behind a proxy would. */
    public static void down(boolean isDown) {
        down = isDown;
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/api/admin/nodes/", exchange -> {
            String nodeId = exchange.getRequestURI().getPath().substring("/api/admin/nodes/".length());
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            java.util.List<String> node = NODES.get(nodeId);
            int status = down ? 503 : auth == null || !auth.startsWith("Bearer ") ? 401 : node == null ? 404 : 200;
            byte[] body = (status == 200 ? owner(nodeId, node) : "{\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return Map.of("quarkus.rest-client.settlement.url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** As settlement-service answers: the owner now, the tier, and every owner since its registration. */
    private static String owner(String nodeId, java.util.List<String> node) {
        StringBuilder owners = new StringBuilder();
        for (int i = 1; i < node.size(); i += 2) {
            owners.append(i == 1 ? "" : ",").append("{\"operator_id\":\"%s\",\"since\":\"%s\"}".formatted(node.get(i), node.get(i + 1)));
        }
        return "{\"node_id\":\"%s\",\"operator_id\":\"%s\",\"node_tier\":\"%s\",\"owners\":[%s]}"
                .formatted(nodeId, node.get(node.size() - 2), node.get(0), owners);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
