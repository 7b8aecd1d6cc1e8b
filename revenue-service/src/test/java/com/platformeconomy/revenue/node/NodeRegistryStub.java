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

    private static final Map<String, String[]> NODES = new ConcurrentHashMap<>();
    private static volatile boolean down;
    private HttpServer server;

    /** Registers (or moves) a node to an operator, with its tier. */
    public static void register(String nodeId, String operatorId, String tier) {
        NODES.put(nodeId, new String[] {operatorId, tier});
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
            String[] node = NODES.get(nodeId);
            int status = down ? 503 : auth == null || !auth.startsWith("Bearer ") ? 401 : node == null ? 404 : 200;
            byte[] body = (status == 200
                    ? "{\"node_id\":\"%s\",\"operator_id\":\"%s\",\"node_tier\":\"%s\"}".formatted(nodeId, node[0], node[1])
                    : "{\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return Map.of("quarkus.rest-client.settlement.url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
