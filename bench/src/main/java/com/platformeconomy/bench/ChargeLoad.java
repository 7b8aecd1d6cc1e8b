package com.platformeconomy.bench;

import com.platformeconomy.contracts.event.EventIds;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Drives POST /v1/charges (or /v1/charges/batch) with a fixed number of requests in flight and
 * prints throughput (charges per second), p50 and p99 latency per HTTP request, and the statuses.
 *
 * <pre>
 * java -cp … com.platformeconomy.bench.ChargeLoad URL TOKEN APP USER_PREFIX USERS REQUESTS CONCURRENCY BATCH
 * </pre>
 * BATCH 0 uses the single-charge route; BATCH n sends n charges per request to the batch route.
 * The first 10% of requests warm the JVMs up and are not counted.
 */
public final class ChargeLoad {

    private ChargeLoad() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String token = args[1];
        String app = args[2];
        String userPrefix = args[3];
        int users = Integer.parseInt(args[4]);
        int requests = Integer.parseInt(args[5]);
        int concurrency = Integer.parseInt(args[6]);
        int batch = Integer.parseInt(args[7]);

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        URI target = URI.create(url + (batch > 0 ? "/v1/charges/batch" : "/v1/charges"));
        int warmup = requests / 10;
        run(http, target, token, app, userPrefix, users, warmup, concurrency, batch, null);
        AtomicLongArray latencies = new AtomicLongArray(requests);
        long started = System.nanoTime();
        Map<Integer, Integer> statuses = run(http, target, token, app, userPrefix, users, requests, concurrency, batch, latencies);
        double seconds = (System.nanoTime() - started) / 1e9;

        long[] sorted = new long[requests];
        for (int i = 0; i < requests; i++) {
            sorted[i] = latencies.get(i);
        }
        Arrays.sort(sorted);
        long charges = (long) requests * Math.max(1, batch);
        System.out.printf("route=%s requests=%d concurrency=%d batch=%d%n", target.getPath(), requests, concurrency, batch);
        System.out.printf("throughput_charges_per_s=%.0f%n", charges / seconds);
        System.out.printf("p50_ms=%.2f%n", sorted[requests / 2] / 1e6);
        System.out.printf("p99_ms=%.2f%n", sorted[(int) (requests * 0.99)] / 1e6);
        System.out.printf("statuses=%s%n", statuses);
    }

    private static Map<Integer, Integer> run(HttpClient http, URI target, String token, String app, String userPrefix,
                                             int users, int requests, int concurrency, int batch,
                                             AtomicLongArray latencies) throws InterruptedException {
        Semaphore slots = new Semaphore(concurrency);
        Map<Integer, AtomicInteger> statuses = new java.util.concurrent.ConcurrentHashMap<>();
        CompletableFuture<?>[] all = new CompletableFuture<?>[requests];
        for (int i = 0; i < requests; i++) {
            int index = i;
            String body = batch > 0 ? batchBody(app, userPrefix, users, i, batch) : charge(app, userPrefix + (i % users));
            slots.acquire();
            long sent = System.nanoTime();
            all[i] = http.sendAsync(HttpRequest.newBuilder(target)
                                    .header("Authorization", "Bearer " + token)
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                            HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, failure) -> {
                        if (latencies != null) {
                            latencies.set(index, System.nanoTime() - sent);
                        }
                        statuses.computeIfAbsent(failure == null ? response.statusCode() : -1, s -> new AtomicInteger())
                                .incrementAndGet();
                        slots.release();
                    });
        }
        CompletableFuture.allOf(all).join();
        Map<Integer, Integer> counts = new TreeMap<>();
        statuses.forEach((status, count) -> counts.put(status, count.get()));
        return counts;
    }

    private static String batchBody(String app, String userPrefix, int users, int request, int batch) {
        StringBuilder body = new StringBuilder("{\"charges\":[");
        for (int k = 0; k < batch; k++) {
            body.append(k == 0 ? "" : ",").append(charge(app, userPrefix + ((request * batch + k) % users)));
        }
        return body.append("]}").toString();
    }

    private static String charge(String app, String user) {
        return "{\"event_id\":\"" + EventIds.uuidV7() + "\",\"user_id\":\"" + user + "\",\"app_id\":\"" + app
                + "\",\"tool_name\":\"bench\",\"handler\":\"action\",\"byollm\":false}";
    }
}
