package com.platformeconomy.wallet.charge;

import static com.platformeconomy.wallet.WalletApi.PRIVILEGED;
import static com.platformeconomy.wallet.WalletApi.balance;
import static com.platformeconomy.wallet.WalletApi.credit;
import static com.platformeconomy.wallet.WalletApi.newEventId;
import static com.platformeconomy.wallet.WalletApi.newUser;
import static org.assertj.core.api.Assertions.assertThat;

import com.platformeconomy.contracts.event.AppCatalogEntry;
import com.platformeconomy.stack.LocalStackResource;
import com.platformeconomy.wallet.catalog.AppCatalog;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Many callers at once, over real HTTP, against wallets that cannot pay for everything. */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class ChargeConcurrencyTest {

    private static final int WALLETS = 100;
    private static final long CREDIT = 500;
    private static final long PRICE = 7;
    private static final int IN_FLIGHT = 64;

    @Inject
    AppCatalog catalog;
    @Inject
    io.vertx.mutiny.sqlclient.Pool ledger;

    @TestHTTPResource("/v1/charges")
    URI charges;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private String paidApp() {
        String appId = "conc-" + UUID.randomUUID().toString().substring(0, 8);
        catalog.put(new AppCatalogEntry(appId, "dev:" + appId, "active", "paid", 5, 2, 70, 1)).await().indefinitely();
        return appId;
    }

    private List<String> fundedWallets() {
        List<String> users = new ArrayList<>();
        for (int i = 0; i < WALLETS; i++) {
            String user = newUser();
            credit(user, CREDIT).statusCode(201);
            users.add(user);
        }
        return users;
    }

    /** Sends every body with {@link #IN_FLIGHT} requests at a time; returns the status of each, in order. */
    private int[] send(List<String> bodies) {
        int[] statuses = new int[bodies.size()];
        Semaphore slots = new Semaphore(IN_FLIGHT);
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            int index = i;
            slots.acquireUninterruptibly();
            HttpRequest request = HttpRequest.newBuilder(charges)
                    .header("Authorization", "Bearer " + PRIVILEGED).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(bodies.get(i))).build();
            all.add(http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, failure) -> {
                        statuses[index] = failure == null ? response.statusCode() : -1;
                        slots.release();
                    }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        return statuses;
    }

    private static String body(String eventId, String user, String appId) {
        return "{\"event_id\":\"" + eventId + "\",\"user_id\":\"" + user + "\",\"app_id\":\"" + appId
                + "\",\"tool_name\":\"summarize\",\"handler\":\"action\",\"byollm\":false}";
    }

    @Test
    void twentyThousandConcurrentChargesNeverOverdrawAndAddUp() {
        String appId = paidApp();
        List<String> users = fundedWallets();
        int sent = 20_000;
        List<String> bodies = new ArrayList<>();
        List<String> owners = new ArrayList<>();
        Random random = new Random(42);
        for (int i = 0; i < sent; i++) {
            String user = users.get(random.nextInt(WALLETS));
            owners.add(user);
            bodies.add(body(newEventId(), user, appId));
        }

        int[] statuses = send(bodies);

        Map<String, AtomicInteger> acceptedPerUser = new ConcurrentHashMap<>();
        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < sent; i++) {
            assertThat(statuses[i]).as("status of charge %d", i).isIn(201, 402);
            if (statuses[i] == 201) {
                accepted++;
                acceptedPerUser.computeIfAbsent(owners.get(i), u -> new AtomicInteger()).incrementAndGet();
            } else {
                refused++;
            }
        }
        assertThat(accepted + refused).isEqualTo(sent);

        long sumOfBalances = 0;
        for (String user : users) {
            long balance = balance(user);
            assertThat(balance).as("balance of %s", user).isBetween(0L, PRICE - 1);
            // Every wallet got far more calls than it could pay for: it paid for exactly as many as it could.
            assertThat(acceptedPerUser.get(user).get()).isEqualTo((int) (CREDIT / PRICE));
            sumOfBalances += balance;
        }
        assertThat(sumOfBalances + accepted * PRICE).isEqualTo(WALLETS * CREDIT);

        // One ledger transaction per accepted charge: two rows, the user's -7 and the platform's +7.
        int charges = accepted;
        String[] accounts = users.toArray(String[]::new);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).untilAsserted(() -> {
            var row = ledger.preparedQuery(LEDGER_OF_CHARGES)
                    .execute(io.vertx.mutiny.sqlclient.Tuple.of(accounts)).await().indefinitely().iterator().next();
            assertThat(row.getLong("transactions")).isEqualTo(charges);
            assertThat(row.getLong("rows")).isEqualTo(2L * charges);
            assertThat(row.getLong("total")).isZero();
        });
    }

    private static final String LEDGER_OF_CHARGES = "SELECT count(*) AS rows, count(DISTINCT event_id) AS transactions,"
            + " coalesce(sum(amount), 0) AS total FROM token_ledger WHERE event_id IN"
            + " (SELECT event_id FROM token_ledger WHERE kind = 'charge' AND account = ANY($1))";

    @Test
    void everyChargeSentThreeTimesConcurrentlyMovesMoneyOnce() {
        String appId = paidApp();
        List<String> users = fundedWallets().subList(0, 20);
        List<String> bodies = new ArrayList<>();
        for (String user : users) {
            for (int i = 0; i < 10; i++) {
                String body = body(newEventId(), user, appId);
                bodies.add(body);
                bodies.add(body);
                bodies.add(body);
            }
        }
        Collections.shuffle(bodies, new Random(7));

        int[] statuses = send(bodies);

        int firsts = 0;
        for (int status : statuses) {
            assertThat(status).isIn(200, 201);
            firsts += status == 201 ? 1 : 0;
        }
        assertThat(firsts).isEqualTo(users.size() * 10);
        for (String user : users) {
            assertThat(balance(user)).isEqualTo(CREDIT - 10 * PRICE);
        }
    }
}
