package com.platformeconomy.revctl;

import static com.platformeconomy.revctl.RevctlRun.revctl;
import static org.assertj.core.api.Assertions.assertThat;

import com.platformeconomy.stack.LocalStack;
import com.platformeconomy.stack.RunningService;
import com.platformeconomy.stack.StackInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * revctl against the five real services, each run from its packaged jar against one real stack
 * (Redis, Kafka, PostgreSQL) started once for the whole class: all UP gives 0; a stopped service
 * gives a non-zero exit and is named. No Quarkus here: revctl is a plain JVM program, and the
 * stack comes straight from {@link LocalStack} (or {@code PES_STACK_FILE}, as every test allows).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RevctlAgainstRunningServicesTest {

    private static final List<String> MODULES = List.of(
            "wallet-service", "developer-earnings-service", "settlement-service", "revenue-service", "goal-service");

    private static LocalStack stack;
    private static Path stackFile;
    private static final Map<String, RunningService> running = new LinkedHashMap<>();

    @BeforeAll
    static void startTheSuite() throws Exception {
        String given = System.getProperty("pes.stack.file", System.getenv("PES_STACK_FILE"));
        StackInfo info;
        if (given != null && !given.isBlank()) {
            stackFile = Path.of(given);
            info = StackInfo.read(stackFile);
        } else {
            Path dir = Path.of(System.getProperty("pes.stack.dir", "target/stack")).toAbsolutePath();
            stack = LocalStack.start(dir, false);
            info = stack.info();
            stackFile = LocalStack.stackFile(dir);
        }
        System.out.println("revctl tests run against real servers: " + info.describe());
        // RunningService hands the stack's pes.* settings to each service from MicroProfile
        // Config, which reads system properties: set them before its first use.
        info.config().forEach(System::setProperty);
        for (String module : MODULES) {
            long started = System.nanoTime();
            // wallet-service in the dev profile, as ./suite up runs it: production refuses to start without Stripe's keys.
            running.put(module, RunningService.start(module,
                    "wallet-service".equals(module) ? Map.of("quarkus.profile", "dev") : Map.of()));
            System.out.printf("%s ready in %.1f s at %s%n", module, (System.nanoTime() - started) / 1e9, running.get(module).url());
        }
    }

    @AfterAll
    static void stopTheSuite() {
        running.values().forEach(RunningService::close);
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void allFiveUpExitsZeroWithATable() {
        RevctlRun outcome = revctl(environment(), "health");
        assertThat(outcome.code).as(outcome.toString()).isEqualTo(ExitCodes.OK);
        for (String module : MODULES) {
            assertThat(outcome.out).containsPattern("(?m)^" + module + "\\s+UP\\s+\\d+ ms\\s+-$");
        }
        assertThat(outcome.out).contains("5 of 5 UP");
    }

    @Test
    @Order(2)
    void urlsFromFlagsAndJsonOutput() {
        List<String> args = new ArrayList<>(List.of("health", "--json", "--timeout", "10s"));
        running.forEach((module, service) -> {
            args.add("--" + Service.named(module).key + "-url");
            args.add(service.url());
        });
        RevctlRun outcome = revctl(Map.of(), args.toArray(String[]::new));
        assertThat(outcome.code).as(outcome.toString()).isZero();
        Map<String, Object> doc = Json.object(Json.parse(outcome.out));
        assertThat(doc).containsEntry("status", "UP");
        List<Object> services = Json.array(doc.get("services"));
        assertThat(services).hasSize(5);
        for (Object service : services) {
            Map<String, Object> s = Json.object(service);
            assertThat(s.get("status")).as(s.toString()).isEqualTo("UP");
            // The readiness report names the checks of the service's own stores (SPEC §8).
            List<Object> checks = Json.array(Json.object(Json.object(s.get("reports")).get("ready")).get("checks"));
            assertThat(checks).extracting(c -> Json.object(c).get("name")).contains("Reactive PostgreSQL connections health check");
        }
    }

    @Test
    @Order(3)
    void aLocalTokenReadsAWalletBalance() {
        RevctlRun token = revctl(Map.of(), "token", "--stack-file", stackFile.toString(), "user:revctl-alice", "user");
        assertThat(token.code).as(token.toString()).isZero();
        String jwt = token.out.trim();
        assertThat(jwt.split("\\.")).hasSize(3);

        Map<String, String> env = environment();
        env.put("REVCTL_TOKEN", jwt);
        RevctlRun balance = revctl(env, "wallet", "balance", "user:revctl-alice", "--json");
        assertThat(balance.code).as(balance.toString()).isZero();
        Map<String, Object> body = Json.object(Json.parse(balance.out));
        assertThat(body.get("account")).isEqualTo("user:revctl-alice");
        assertThat(body.get("balance").toString()).isEqualTo("0");

        RevctlRun anonymous = revctl(environment(), "wallet", "balance", "user:revctl-alice");
        assertThat(anonymous.code).as(anonymous.toString()).isEqualTo(ExitCodes.HTTP_ERROR);
        assertThat(anonymous.err).contains("HTTP 401");
    }

    @Test
    @Order(10)
    void aStoppedServiceIsNamedAndTheExitIsNonZero() {
        running.get("goal-service").close();
        RevctlRun outcome = revctl(environment(), "health");
        assertThat(outcome.code).as(outcome.toString()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(outcome.out).containsPattern("(?m)^goal-service\\s+UNREACHABLE\\s");
        assertThat(outcome.out).containsPattern("(?m)^wallet-service\\s+UP\\s");
        assertThat(outcome.out).contains("4 of 5 UP (exit 4)");
    }

    /** The services' URLs as REVCTL_*_URL variables. */
    private static Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        running.forEach((module, service) -> env.put(Service.named(module).envVar(), service.url()));
        return env;
    }

}
