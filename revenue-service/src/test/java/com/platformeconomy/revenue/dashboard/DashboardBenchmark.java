package com.platformeconomy.revenue.dashboard;

import static com.platformeconomy.revenue.RevenueTestSupport.reset;
import static com.platformeconomy.revenue.RevenueTestSupport.scalar;

import com.platformeconomy.stack.LocalStackResource;
import com.platformeconomy.stack.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a test: the dashboard's latency over roll-ups worth 10,000,000 events spread over ten years,
 * printed, not asserted. Surefire's default includes skip it by name, and it runs only with
 * {@code -Dbenchmark=true} (an exclusion-only {@code -Dtest='!X'} includes every class):
 * {@code ./mvnw -B verify -pl revenue-service -am -Dtest=DashboardBenchmark -Dbenchmark=true -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class DashboardBenchmark {

    private static final long EVENTS = 10_000_000L;
    private static final int DAYS = 3650;
    private static final int WARM_UP = 1_000;
    private static final int REQUESTS = 10_000;

    @Inject
    Pool pool;

    @TestHTTPResource("/api/revenue/dashboard")
    URL dashboard;

    @Test
    void dashboardLatencyOverTenMillionEventsOfRollups() throws Exception {
        reset(pool);
        // 10,000,000 events over 3650 days and three streams, one roll-up row per day and stream, as
        // the consumers would have left them; the events column says how many events each row stands for.
        long perRow = EVENTS / (DAYS * 3L);
        long rest = EVENTS - perRow * DAYS * 3L;
        long started = System.nanoTime();
        pool.preparedQuery("""
                INSERT INTO revenue_rollup (day, stream, amount, events)
                SELECT current_date - d, s.stream, ($1 + CASE WHEN d = 0 AND s.stream = 'api' THEN $2 ELSE 0 END) * s.price,
                       $1 + CASE WHEN d = 0 AND s.stream = 'api' THEN $2 ELSE 0 END
                FROM generate_series(0, $3 - 1) AS d,
                     (VALUES ('api', 7), ('ad', 3), ('hosting', 1)) AS s(stream, price)""")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(perRow, rest, DAYS)).await().atMost(Duration.ofMinutes(5));
        pool.query("ANALYZE revenue_rollup").execute().await().atMost(Duration.ofMinutes(1));
        System.out.printf("loaded %d roll-up rows standing for %d events in %d ms%n",
                scalar(pool, "SELECT count(*) FROM revenue_rollup"), scalar(pool, "SELECT sum(events) FROM revenue_rollup"),
                (System.nanoTime() - started) / 1_000_000);

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String token = "Bearer " + TestTokens.mint("admin:bench", "admin");
        int[] periods = {30, 365, 3650};
        for (int i = 0; i < WARM_UP; i++) {
            call(client, token, periods[i % periods.length]);
        }
        for (int period : periods) {
            long[] nanos = new long[REQUESTS / periods.length];
            for (int i = 0; i < nanos.length; i++) {
                long t0 = System.nanoTime();
                call(client, token, period);
                nanos[i] = System.nanoTime() - t0;
            }
            Arrays.sort(nanos);
            System.out.printf("DashboardBenchmark period_days=%d requests=%d p50=%.2f ms p99=%.2f ms max=%.2f ms%n",
                    period, nanos.length, nanos[nanos.length / 2] / 1e6, nanos[(int) (nanos.length * 0.99)] / 1e6,
                    nanos[nanos.length - 1] / 1e6);
        }
        reset(pool);
    }

    private void call(HttpClient client, String token, int period) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(dashboard + "?period_days=" + period))
                .header("Authorization", token).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("dashboard answered " + response.statusCode() + ": " + response.body());
        }
    }
}
