package com.platformeconomy.revenue.dashboard;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Executors;

/**
 * A transparent HTTP forwarder for tests: revenue-service's REST client URL is fixed when the app
 * starts, the real wallet-service's port only when a test starts it. The forwarder's port is known
 * first; the target is read per request from a system property (JVM-wide, whichever class loader
 * asks). One forwarder per JVM.
 */
final class WalletProxy {

    static final String TARGET = "wallet-forwarder.target";
    private static final String PORT = "wallet-forwarder.port";

    private WalletProxy() {
    }

    static synchronized String url() {
        synchronized (System.class) {
            String port = System.getProperty(PORT);
            if (port == null) {
                port = Integer.toString(start());
                System.setProperty(PORT, port);
            }
            return "http://127.0.0.1:" + port;
        }
    }

    private static int start() {
        try {
            HttpClient client = HttpClient.newHttpClient();
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(Executors.newFixedThreadPool(4, runnable -> {
                Thread thread = new Thread(runnable, "wallet-proxy");
                thread.setDaemon(true);
                return thread;
            }));
            server.createContext("/", exchange -> {
                try (exchange) {
                    String target = System.getProperty(TARGET);
                    if (target == null) {
                        exchange.sendResponseHeaders(503, -1);
                        return;
                    }
                    HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI()));
                    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
                    if (authorization != null) {
                        forward.header("Authorization", authorization);
                    }
                    HttpResponse<byte[]> answer = client.send(forward.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
                    answer.headers().firstValue("Content-Type").ifPresent(type -> exchange.getResponseHeaders().add("Content-Type", type));
                    exchange.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(answer.body());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (IOException e) {
                    // the caller sees a broken connection, as with a wallet that went away
                }
            });
            server.start();
            return server.getAddress().getPort();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the wallet forwarder", e);
        }
    }

}
