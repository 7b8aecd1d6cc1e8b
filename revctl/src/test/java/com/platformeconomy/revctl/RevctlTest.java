package com.platformeconomy.revctl;

import static com.platformeconomy.revctl.RevctlRun.revctl;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * revctl's own logic against stand-ins that answer like a Quarkus service would (the real
 * services are in {@link RevctlAgainstRunningServicesTest}): a service that is DOWN, the exit codes,
 * where URLs and tokens come from, and what the thin clients send.
 */
class RevctlTest {

    private static final String UP = "{\"status\":\"UP\",\"checks\":[{\"name\":\"Reactive PostgreSQL connections health check\",\"status\":\"UP\"}]}";
    private static final String DOWN = "{\"status\":\"DOWN\",\"checks\":[{\"name\":\"Reactive PostgreSQL connections health check\",\"status\":\"DOWN\"},"
            + "{\"name\":\"Kafka connection health check\",\"status\":\"UP\"}]}";

    private final List<HttpServer> servers = new CopyOnWriteArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(s -> s.stop(0));
    }

    /** A stand-in service: {@code ready} answers 200/UP or 503/DOWN; any other path echoes a JSON body. */
    private String service(boolean ready) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().toString();
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            requests.add(exchange.getRequestMethod() + " " + path + " " + auth);
            int status;
            String body;
            if (path.equals("/q/health/ready")) {
                status = ready ? 200 : 503;
                body = ready ? UP : DOWN;
            } else if (path.equals("/q/health/live")) {
                status = 200;
                body = UP;
            } else if (auth == null) {
                status = 401;
                body = "{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,\"code\":\"unauthorized\"}";
            } else {
                status = 200;
                body = "{\"revenue\":{\"period_days\":7,\"total_gross\":225,\"user_pool_share\":202.5},\"compute_borrowing\":{\"active_escrows\":0}}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        servers.add(server);
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static String closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }
    }

    private Map<String, String> allUp() throws IOException {
        Map<String, String> env = new HashMap<>();
        for (Service s : Service.values()) {
            env.put(s.envVar(), service(true));
        }
        return env;
    }

    @Test
    void aDownServiceIsNamedWithItsFailingCheck() throws IOException {
        Map<String, String> env = allUp();
        env.put("REVCTL_SETTLEMENT_URL", service(false));
        RevctlRun outcome = revctl(env, "health");
        assertThat(outcome.code).as(outcome.toString()).isEqualTo(ExitCodes.DOWN);
        assertThat(outcome.out).containsPattern("(?m)^settlement-service\\s+DOWN\\s+\\d+ ms\\s+ready: Reactive PostgreSQL connections health check$");
        assertThat(outcome.out).doesNotContain("Kafka connection health check");
    }

    @Test
    void downAndUnreachableTogetherHaveTheirOwnCode() throws IOException {
        Map<String, String> env = allUp();
        env.put("REVCTL_SETTLEMENT_URL", service(false));
        env.put("REVCTL_REVENUE_URL", closedPort());
        RevctlRun outcome = revctl(env, "health", "--json");
        assertThat(outcome.code).as(outcome.toString()).isEqualTo(ExitCodes.DOWN_AND_UNREACHABLE);
        Map<String, Object> doc = Json.object(Json.parse(outcome.out));
        assertThat(doc).containsEntry("status", "DOWN_AND_UNREACHABLE");
    }

    @Test
    void onlyTheNamedServicesAreChecked() throws IOException {
        Map<String, String> env = allUp();
        env.put("REVCTL_GOAL_URL", closedPort());
        assertThat(revctl(env, "health", "wallet", "revenue-service").code).isZero();
        assertThat(revctl(env, "health", "goal").code).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(revctl(env, "health", "nonsense").code).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void aTimeoutCountsAsUnreachable() throws IOException {
        HttpServer silent = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        silent.createContext("/", exchange -> {
            try {
                Thread.sleep(3_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        silent.start();
        servers.add(silent);
        Map<String, String> env = allUp();
        env.put("REVCTL_WALLET_URL", "http://127.0.0.1:" + silent.getAddress().getPort());
        RevctlRun outcome = revctl(env, "health", "--timeout", "300ms");
        assertThat(outcome.code).as(outcome.toString()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(outcome.out).containsPattern("(?m)^wallet-service\\s+UNREACHABLE\\s+-\\s+.*timed out");
    }

    @Test
    void flagsBeatEnvironmentWhichBeatsTheConfigFile(@TempDir Path dir) throws IOException {
        String up = service(true);
        String closed = closedPort();
        Path config = dir.resolve("revctl.properties");
        Files.writeString(config, "wallet.url=" + closed + "\nearnings.url=" + up + "\nsettlement.url=" + up
                + "\nrevenue.url=" + up + "\ngoal.url=" + up + "\n");
        Map<String, String> env = new HashMap<>();
        env.put("REVCTL_CONFIG", config.toString());
        assertThat(revctl(env, "health").code).isEqualTo(ExitCodes.UNREACHABLE);
        env.put("REVCTL_WALLET_URL", up);
        assertThat(revctl(env, "health").code).isZero();
        assertThat(revctl(env, "health", "--wallet-url", closed).code).isEqualTo(ExitCodes.UNREACHABLE);
        // ~/.config/revctl/revctl.properties when nothing else names a file
        Files.createDirectories(dir.resolve(".config/revctl"));
        Files.copy(config, dir.resolve(".config/revctl/revctl.properties"));
        assertThat(revctl(Map.of("HOME", dir.toString()), "health", "--wallet-url", up).code).isZero();
    }

    @Test
    void theClientsSendTheRoutesOfTheSpecWithTheToken() throws IOException {
        Map<String, String> env = allUp();
        env.put("REVCTL_TOKEN", "t0ken");
        RevctlRun dashboard = revctl(env, "dashboard", "--period-days", "7");
        assertThat(dashboard.code).as(dashboard.toString()).isZero();
        assertThat(dashboard.out).containsPattern("(?m)^revenue\\.user_pool_share\\s+202\\.5$");
        assertThat(revctl(env, "settle", "--json").code).isZero();
        assertThat(revctl(env, "wallet", "balance", "user:alice b").code).isZero();
        assertThat(requests).contains(
                "GET /api/revenue/dashboard?period_days=7 Bearer t0ken",
                "POST /api/admin/settlements/run Bearer t0ken",
                "GET /v1/wallets/user:alice%20b Bearer t0ken");
        env.remove("REVCTL_TOKEN");
        RevctlRun anonymous = revctl(env, "settle");
        assertThat(anonymous.code).isEqualTo(ExitCodes.HTTP_ERROR);
        assertThat(anonymous.err).contains("HTTP 401", "\"code\": \"unauthorized\"", "revctl token");
    }

    @Test
    void usageErrorsAndUnreachableClients() throws IOException {
        assertThat(revctl(Map.of()).code).isEqualTo(ExitCodes.USAGE);
        assertThat(revctl(Map.of(), "health", "--timeout", "soon").code).isEqualTo(ExitCodes.USAGE);
        assertThat(revctl(Map.of(), "wallet").code).isEqualTo(ExitCodes.USAGE);
        assertThat(revctl(Map.of(), "token", "user:x").code).isEqualTo(ExitCodes.USAGE);
        assertThat(revctl(Map.of("REVCTL_WALLET_URL", closedPort()), "wallet", "balance", "user:x").code).isEqualTo(ExitCodes.UNREACHABLE);
        RevctlRun help = revctl(Map.of(), "--help");
        assertThat(help.code).isZero();
        assertThat(help.out).contains("health", "dashboard", "wallet", "settle", "token", "Exit codes:");
    }

    @Test
    void tokensAreSignedWithTheStacksKey(@TempDir Path dir) throws Exception {
        var generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        var pair = generator.generateKeyPair();
        Path key = dir.resolve("privateKey.pem");
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n"
                + java.util.Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        Path stackFile = dir.resolve("stack.properties");
        Files.writeString(stackFile, "pes.jwt.private-key-location=" + key.toString().replace("\\", "/") + "\n");
        RevctlRun token = revctl(Map.of("PES_STACK_FILE", stackFile.toString()), "token", "user:alice", "user", "admin", "--ttl", "1h");
        assertThat(token.code).as(token.toString()).isZero();
        String[] parts = token.out.trim().split("\\.");
        var verifier = java.security.Signature.getInstance("SHA256withRSA");
        verifier.initVerify(pair.getPublic());
        verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(verifier.verify(java.util.Base64.getUrlDecoder().decode(parts[2]))).isTrue();
        String claims = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        Map<String, Object> json = Json.object(Json.parse(claims));
        assertThat(json).containsEntry("sub", "user:alice").containsEntry("groups", List.of("user", "admin"));
        assertThat(((Number) json.get("exp")).longValue() - ((Number) json.get("iat")).longValue()).isEqualTo(3600);

        // A service's token (SPEC §10): signed with that service's own key, for one audience, 5 minutes.
        Path services = Files.createDirectories(dir.resolve("services"));
        var revenuePair = generator.generateKeyPair();
        Files.writeString(services.resolve("revenue-service.pem"), "-----BEGIN PRIVATE KEY-----\n"
                + java.util.Base64.getMimeEncoder().encodeToString(revenuePair.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        Files.writeString(stackFile, "pes.jwt.service-private-keys-dir=" + services.toString().replace("\\", "/") + "\n",
                java.nio.file.StandardOpenOption.APPEND);
        RevctlRun service = revctl(Map.of("PES_STACK_FILE", stackFile.toString()), "token", "service:revenue-service",
                "--audience", "wallet-service");
        assertThat(service.code).as(service.toString()).isZero();
        String[] serviceParts = service.out.trim().split("\\.");
        verifier.initVerify(revenuePair.getPublic());
        verifier.update((serviceParts[0] + "." + serviceParts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(verifier.verify(java.util.Base64.getUrlDecoder().decode(serviceParts[2]))).isTrue();
        Map<String, Object> serviceClaims = Json.object(Json.parse(new String(java.util.Base64.getUrlDecoder().decode(serviceParts[1]),
                StandardCharsets.UTF_8)));
        assertThat(serviceClaims).containsEntry("iss", "https://platform-economy.local/services/revenue-service")
                .containsEntry("aud", "wallet-service").containsEntry("sub", "service:revenue-service")
                .containsEntry("groups", List.of("service:revenue-service"));
        assertThat(((Number) serviceClaims.get("exp")).longValue() - ((Number) serviceClaims.get("iat")).longValue()).isEqualTo(300);
        assertThat(revctl(Map.of("PES_STACK_FILE", stackFile.toString()), "token", "service:revenue-service").code)
                .isEqualTo(ExitCodes.USAGE);

        RevctlRun missing = revctl(Map.of("PES_STACK_FILE", dir.resolve("nope").toString()), "token", "user:alice", "user");
        assertThat(missing.code).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err).contains("./suite up");
    }
}
