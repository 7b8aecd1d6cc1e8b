package com.platformeconomy.earnings.developer;

import static com.platformeconomy.earnings.Fixtures.key;
import static com.platformeconomy.earnings.Fixtures.newDeveloper;
import static com.platformeconomy.testkit.tokens.Tokens.developer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.platformeconomy.contracts.event.EventIds;
import com.platformeconomy.contracts.event.SuiteIds;
import com.platformeconomy.earnings.WalletPeer;
import com.platformeconomy.earnings.wallet.WalletClient;
import com.platformeconomy.platform.idempotency.IdempotencyKeys;
import com.platformeconomy.platform.idempotency.IdempotentRequest;
import com.platformeconomy.stack.LocalStackResource;
import com.platformeconomy.stack.TestTokens;
import com.platformeconomy.testkit.wallet.Wallets;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Idempotency-Key on tier purchases, against the real wallet-service: one key is one purchase and
 * at most one debit, whatever is retried, concurrently or late; a purchase whose debit may have
 * happened is never marked refused.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class TierPurchaseIdempotencyTest {

    @Inject
    WalletClient walletClient;
    @Inject
    IdempotencyKeys keys;
    @Inject
    Pool pool;
    @Inject
    TierService tiers;

    private String wallet;

    @BeforeEach
    void startWallet() {
        wallet = WalletPeer.start(walletClient);
    }

    private static Response buy(String dev, String tier, String idempotencyKey) {
        var request = given().auth().oauth2(developer(dev)).contentType(ContentType.JSON).body("{\"tier\":\"" + tier + "\"}");
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return request.when().put("/v1/developer/tier");
    }

    private List<Row> purchases(String dev) {
        List<Row> rows = new ArrayList<>();
        pool.preparedQuery("SELECT event_id, status, idempotency_key FROM tier_purchases WHERE developer_id = $1")
                .execute(Tuple.of(dev)).await().atMost(Duration.ofSeconds(10)).forEach(rows::add);
        return rows;
    }

    private static void tierIs(String dev, String tier) {
        given().auth().oauth2(developer(dev)).when().get("/v1/developer/tier").then().statusCode(200).body("tier", equalTo(tier));
    }

    @Test
    void aPurchaseSentTwiceWithOneKeyDebitsOnceAndAnswersTheSame() {
        String dev = newDeveloper();
        Wallets.at(wallet).fund(dev, 20_000);
        String k = key();
        Response first = buy(dev, "indie", k);
        first.then().statusCode(200).body("tier", equalTo("indie"));
        Response second = buy(dev, "indie", k);
        second.then().statusCode(200).header("Idempotent-Replayed", "true");
        assertThat(second.asString()).isEqualTo(first.asString());
        assertThat(Wallets.at(wallet).balance(dev)).isEqualTo(11_000);
        // Debited under a tier-fee suite id: the wallet remembers it beyond a caller's window (see below).
        assertThat(purchases(dev)).singleElement().satisfies(p -> assertThat(p.getString("event_id")).startsWith(SuiteIds.TIER_FEE));

        buy(dev, "studio", k).then().statusCode(409).contentType("application/problem+json")
                .body("code", equalTo("idempotency_key_reused")).body("errors.field", equalTo(List.of("tier")));
        assertThat(Wallets.at(wallet).balance(dev)).isEqualTo(11_000);
        tierIs(dev, "indie");
    }

    @Test
    void concurrentPurchasesWithOneKeyDebitOnce() throws Exception {
        String dev = newDeveloper();
        Wallets.at(wallet).fund(dev, 100_000);
        String k = key();
        ExecutorService threads = Executors.newFixedThreadPool(6);
        List<Response> answers = new ArrayList<>();
        try {
            List<Callable<Response>> calls = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                calls.add(() -> buy(dev, "studio", k));
            }
            for (Future<Response> f : threads.invokeAll(calls)) {
                answers.add(f.get());
            }
        } finally {
            threads.shutdownNow();
        }
        // Each answer is the purchase's outcome or "still in progress, retry": never a second run.
        assertThat(answers).allSatisfy(r -> assertThat(r.statusCode()).isIn(200, 409));
        assertThat(answers).filteredOn(r -> r.statusCode() == 409)
                .allSatisfy(r -> assertThat(r.jsonPath().getString("code")).isEqualTo("request_in_progress"));
        assertThat(answers).filteredOn(r -> r.statusCode() == 200).isNotEmpty();
        buy(dev, "studio", k).then().statusCode(200).body("tier", equalTo("studio"));
        assertThat(Wallets.at(wallet).balance(dev)).isEqualTo(100_000 - 29_000);
        assertThat(purchases(dev)).hasSize(1);
    }

    @Test
    void aPurchaseWithoutAValidKeyIs400AndChangesNothing() {
        String dev = newDeveloper();
        Wallets.at(wallet).fund(dev, 20_000);
        buy(dev, "indie", null).then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("idempotency_key_required"));
        buy(dev, "indie", "pes/tier/1").then().statusCode(400).body("code", equalTo("invalid_idempotency_key"));
        buy(dev, "indie", "a\tb").then().statusCode(400).body("code", equalTo("invalid_idempotency_key"));
        assertThat(Wallets.at(wallet).balance(dev)).isEqualTo(20_000);
        assertThat(purchases(dev)).isEmpty();
        tierIs(dev, "explorer");
    }

    @Test
    void aRefusalIsTheKeysOutcomeEvenAfterATopUp() {
        String dev = newDeveloper();
        Wallets.at(wallet).fund(dev, 100);
        String k = key();
        String refused = buy(dev, "indie", k).then().statusCode(402).body("code", equalTo("insufficient_balance")).extract().asString();
        Wallets.at(wallet).fund(dev, 20_000);
        buy(dev, "indie", k).then().statusCode(402).header("Idempotent-Replayed", "true").body(equalTo(refused));
        assertThat(Wallets.at(wallet).balance(dev)).isEqualTo(20_100);
        // A new key is a new purchase.
        buy(dev, "indie", key()).then().statusCode(200).body("tier", equalTo("indie"));
        assertThat(Wallets.at(wallet).balance(dev)).isEqualTo(11_100);
    }

    /**
     * The state a crash right after the wallet's debit leaves: the key held (its lease run out), the
     * purchase pending, the tokens gone. The retry with the key is not refused and not debited again.
     */
    @Test
    void aRetryAfterTheDebitWentThroughCompletesWithoutASecondDebit() {
        String dev = newDeveloper();
        Wallets.at(wallet).fund(dev, 20_000);
        tierIs(dev, "explorer");
        String k = key();
        String eventId = EventIds.uuidV7();
        crashedAfterTheDebit(dev, k, eventId, Instant.now());
        debitDirectly(dev, eventId, Instant.now()).then().statusCode(201);
        assertThat(Wallets.at(wallet).balance(dev)).isEqualTo(11_000);

        buy(dev, "indie", k).then().statusCode(200).body("tier", equalTo("indie"));
        buy(dev, "indie", k).then().statusCode(200).header("Idempotent-Replayed", "true");
        assertThat(Wallets.at(wallet).balance(dev)).isEqualTo(11_000);
        assertThat(purchases(dev)).singleElement().satisfies(p -> {
            assertThat(p.getString("status")).isEqualTo("completed");
            assertThat(p.getString("event_id")).isEqualTo(eventId);
        });
    }

    /**
     * A purchase whose debit never reached the wallet (an outage longer than a caller's idempotency
     * window) is debited when it is retried, once; a purchase whose debit went through and whose answer
     * was lost is answered that debit. Its event id is a tier-fee suite id, which the wallet remembers
     * for days and then finds in its ledger, so neither ever sticks pending.
     */
    @Test
    void aPurchaseRetriedLongAfterAnOutageIsDebitedOnceOrAnsweredTheDebitItHad() {
        Instant anHourAgo = Instant.now().minus(1, ChronoUnit.HOURS);
        String never = newDeveloper();
        Wallets.at(wallet).fund(never, 20_000);
        tierIs(never, "explorer");
        String k = key();
        crashedAfterTheDebit(never, k, SuiteIds.tierFee(EventIds.uuidV7(anHourAgo).toString()), anHourAgo); // the debit never left
        buy(never, "indie", k).then().statusCode(200).body("tier", equalTo("indie"));
        buy(never, "indie", k).then().statusCode(200).header("Idempotent-Replayed", "true");
        assertThat(Wallets.at(wallet).balance(never)).isEqualTo(11_000);
        assertThat(purchases(never)).singleElement().satisfies(p -> assertThat(p.getString("status")).isEqualTo("completed"));

        String lost = newDeveloper();
        Wallets.at(wallet).fund(lost, 20_000);
        tierIs(lost, "explorer");
        String k2 = key();
        String eventId = SuiteIds.tierFee(EventIds.uuidV7(anHourAgo).toString());
        crashedAfterTheDebit(lost, k2, eventId, anHourAgo);
        debitDirectly(lost, eventId, anHourAgo).then().statusCode(201);
        buy(lost, "indie", key()).then().statusCode(200).body("tier", equalTo("indie"));
        assertThat(Wallets.at(wallet).balance(lost)).isEqualTo(11_000);
        assertThat(purchases(lost)).singleElement().satisfies(p -> assertThat(p.getString("status")).isEqualTo("completed"));
    }

    /**
     * A purchase from before tier fees had suite ids (a caller-form UUIDv7 event id), retried after the
     * wallet's window: the wallet can no longer say whether it debited (409 event_too_old): the purchase
     * is not marked refused, nothing is debited, and the answer says so.
     */
    @Test
    void aRetryAfterTheWalletsWindowIsNeverMarkedRefusedNorDebitedAgain() {
        String dev = newDeveloper();
        Wallets.at(wallet).fund(dev, 20_000);
        tierIs(dev, "explorer");
        String k = key();
        Instant eightDaysAgo = Instant.now().minus(8, ChronoUnit.DAYS);
        String eventId = EventIds.uuidV7(eightDaysAgo).toString();
        crashedAfterTheDebit(dev, k, eventId, eightDaysAgo);

        buy(dev, "indie", k).then().statusCode(502).body("code", equalTo("wallet_refused"));
        buy(dev, "indie", key()).then().statusCode(502).body("code", equalTo("wallet_refused"));
        assertThat(Wallets.at(wallet).balance(dev)).isEqualTo(20_000);
        assertThat(purchases(dev)).singleElement().satisfies(p -> assertThat(p.getString("status")).isEqualTo("pending"));
        tierIs(dev, "explorer");
    }

    /**
     * A purchase left pending (its debit's answer lost, then nobody retried): the developer paid, or
     * will, and has no tier until it retries. The re-drive sends the same debit again (same suite id,
     * amount, reason and time, so the wallet debits at most once) and records the answer: completed
     * when debited now or before, refused on 402, a purchase younger than its first attempt left alone.
     */
    @Test
    void aPendingPurchaseNobodyRetriesIsCompletedByTheRedrive() {
        Instant fiveMinutesAgo = Instant.now().minus(5, ChronoUnit.MINUTES);
        String paid = newDeveloper();
        Wallets.at(wallet).fund(paid, 20_000);
        tierIs(paid, "explorer");
        String paidFee = SuiteIds.tierFee(EventIds.uuidV7(fiveMinutesAgo).toString());
        crashedAfterTheDebit(paid, key(), paidFee, fiveMinutesAgo);
        debitDirectly(paid, paidFee, fiveMinutesAgo).then().statusCode(201);
        String never = newDeveloper();
        Wallets.at(wallet).fund(never, 20_000);
        tierIs(never, "explorer");
        crashedAfterTheDebit(never, key(), SuiteIds.tierFee(EventIds.uuidV7(fiveMinutesAgo).toString()), fiveMinutesAgo);
        String poor = newDeveloper();
        Wallets.at(wallet).fund(poor, 100);
        tierIs(poor, "explorer");
        crashedAfterTheDebit(poor, key(), SuiteIds.tierFee(EventIds.uuidV7(fiveMinutesAgo).toString()), fiveMinutesAgo);
        String young = newDeveloper();
        Wallets.at(wallet).fund(young, 20_000);
        tierIs(young, "explorer");
        crashedAfterTheDebit(young, key(), SuiteIds.tierFee(EventIds.uuidV7().toString()), Instant.now());

        // An admin granted partner meanwhile: the suite does not debit a fee nobody would ask for now.
        String granted = newDeveloper();
        Wallets.at(wallet).fund(granted, 20_000);
        tierIs(granted, "explorer");
        crashedAfterTheDebit(granted, key(), SuiteIds.tierFee(EventIds.uuidV7(fiveMinutesAgo).toString()), fiveMinutesAgo);
        given().auth().oauth2(com.platformeconomy.testkit.tokens.Tokens.admin("admin:tiers")).contentType(ContentType.JSON)
                .body("{\"tier\":\"partner\",\"developer_id\":\"" + granted + "\"}").when().put("/v1/developer/tier").then().statusCode(200);
        // Pending for over a week: left to its developer's retry.
        Instant eightDaysAgo = Instant.now().minus(8, ChronoUnit.DAYS);
        String stale = newDeveloper();
        Wallets.at(wallet).fund(stale, 20_000);
        tierIs(stale, "explorer");
        crashedAfterTheDebit(stale, key(), SuiteIds.tierFee(EventIds.uuidV7(eightDaysAgo).toString()), eightDaysAgo);

        for (int run = 0; run < 2; run++) { // a second run changes nothing
            try {
                io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(() -> tiers.redrive(Duration.ofMinutes(2)));
            } catch (Throwable e) {
                throw new AssertionError("the re-drive failed", e);
            }
            for (String dev : List.of(paid, never)) {
                tierIs(dev, "indie");
                assertThat(Wallets.at(wallet).balance(dev)).as(dev).isEqualTo(11_000);
                assertThat(purchases(dev)).singleElement().satisfies(p -> assertThat(p.getString("status")).isEqualTo("completed"));
            }
            tierIs(poor, "explorer");
            assertThat(Wallets.at(wallet).balance(poor)).isEqualTo(100);
            assertThat(purchases(poor)).singleElement().satisfies(p -> assertThat(p.getString("status")).isEqualTo("refused"));
            tierIs(young, "explorer");
            assertThat(Wallets.at(wallet).balance(young)).isEqualTo(20_000);
            assertThat(purchases(young)).singleElement().satisfies(p -> assertThat(p.getString("status")).isEqualTo("pending"));
            tierIs(granted, "partner");
            assertThat(Wallets.at(wallet).balance(granted)).isEqualTo(20_000);
            assertThat(purchases(granted)).singleElement().satisfies(p -> assertThat(p.getString("status")).isEqualTo("pending"));
            tierIs(stale, "explorer");
            assertThat(Wallets.at(wallet).balance(stale)).isEqualTo(20_000);
            assertThat(purchases(stale)).singleElement().satisfies(p -> assertThat(p.getString("status")).isEqualTo("pending"));
        }
    }

    private void crashedAfterTheDebit(String dev, String k, String eventId, Instant at) {
        IdempotentRequest keyed = keys.request(TierResource.SCOPE, dev, k, new TierRequest("indie", null));
        java.time.OffsetDateTime when = at.atOffset(java.time.ZoneOffset.UTC);
        pool.preparedQuery("""
                        INSERT INTO tier_purchases (developer_id, tier, amount, event_id, status, created_at, idempotency_key)
                        VALUES ($1, 'indie', 9000, $2, 'pending', $3, $4)""")
                .execute(Tuple.of(dev, eventId, when, k)).await().atMost(Duration.ofSeconds(10));
        pool.preparedQuery("""
                        INSERT INTO idempotency_key (scope, caller, key, fingerprint, request_body, status, created_at, locked_until)
                        VALUES ($1, $2, $3, $4, $5, 'in_progress', $6, now() - interval '1 second')""")
                .execute(Tuple.of(keyed.scope(), dev, k, keyed.fingerprint(), keyed.canonicalBody()).addValue(when))
                .await().atMost(Duration.ofSeconds(10));
    }

    private Response debitDirectly(String dev, String eventId, Instant at) {
        return given().baseUri(wallet).auth().oauth2(TestTokens.service("developer-earnings-service", "wallet-service"))
                .contentType(ContentType.JSON)
                .body("{\"event_id\":\"" + eventId + "\",\"amount\":9000,\"category\":\"tier_fee\",\"reason\":\"tier indie for a year\","
                        + "\"occurred_at\":\"" + at.truncatedTo(ChronoUnit.MILLIS) + "\"}")
                .when().post("/v1/wallets/" + dev + "/debits");
    }
}
