package com.platformeconomy.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;

/**
 * What an OpenTelemetry Collector is to the services in Kubernetes, in the test JVM: an OTLP/HTTP
 * receiver ({@code POST /v1/traces}, protobuf, as Quarkus' exporter sends with
 * {@code quarkus.otel.exporter.otlp.traces.protocol=http/protobuf}). The five services export their
 * spans here; it keeps those of the traces a test {@link #watch watches} and acknowledges the rest
 * unread, so the other tests' traffic costs little.
 */
final class OtlpReceiver implements AutoCloseable {

    /** One received span, as a trace viewer shows it. */
    record ReceivedSpan(String service, String traceId, String spanId, String parentSpanId, String name, String kind) {
    }

    private static final HexFormat HEX = HexFormat.of();

    private final HttpServer server;
    private final Set<String> watched = ConcurrentHashMap.newKeySet();
    private final Map<String, Queue<ReceivedSpan>> spans = new ConcurrentHashMap<>();

    OtlpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/traces", this::export);
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "otlp-receiver");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /** The endpoint to give the services' {@code quarkus.otel.exporter.otlp.traces.endpoint}. */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Keeps the spans of trace {@code traceId} (32 lowercase hex digits) from now on. */
    void watch(String traceId) {
        watched.add(traceId);
    }

    /** The spans of a watched trace received so far. */
    List<ReceivedSpan> trace(String traceId) {
        return List.copyOf(spans.getOrDefault(traceId, new ConcurrentLinkedQueue<>()));
    }

    private void export(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            byte[] bytes = body.readAllBytes();
            int status = 200;
            if (!"POST".equals(exchange.getRequestMethod())) {
                status = 405;
            } else if (!watched.isEmpty()) {
                try {
                    keep(ExportTraceServiceRequest.parseFrom(bytes));
                } catch (IOException notProtobuf) {
                    status = 400;
                }
            }
            // An empty ExportTraceServiceResponse: everything accepted.
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(status, -1);
        }
    }

    private void keep(ExportTraceServiceRequest request) {
        for (ResourceSpans resource : request.getResourceSpansList()) {
            String service = resource.getResource().getAttributesList().stream()
                    .filter(a -> a.getKey().equals("service.name")).map(KeyValue::getValue)
                    .map(v -> v.getStringValue()).findFirst().orElse("?");
            for (ScopeSpans scope : resource.getScopeSpansList()) {
                for (var span : scope.getSpansList()) {
                    String traceId = HEX.formatHex(span.getTraceId().toByteArray());
                    if (!watched.contains(traceId)) {
                        continue;
                    }
                    String kind = span.getKind().name().replace("SPAN_KIND_", "");
                    spans.computeIfAbsent(traceId, id -> new ConcurrentLinkedQueue<>()).add(new ReceivedSpan(service, traceId,
                            HEX.formatHex(span.getSpanId().toByteArray()), HEX.formatHex(span.getParentSpanId().toByteArray()),
                            span.getName(), kind));
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
