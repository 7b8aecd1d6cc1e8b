package com.platformeconomy.wallet.redis;

import static com.platformeconomy.wallet.WalletApi.PRIVILEGED;
import static com.platformeconomy.wallet.WalletApi.available;
import static com.platformeconomy.wallet.WalletApi.balance;
import static com.platformeconomy.wallet.WalletApi.charge;
import static com.platformeconomy.wallet.WalletApi.credit;
import static com.platformeconomy.wallet.WalletApi.newEventId;
import static com.platformeconomy.wallet.WalletApi.newUser;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import com.platformeconomy.contracts.event.AppCatalogEntry;
import com.platformeconomy.contracts.event.SuiteIds;
import com.platformeconomy.stack.LocalStackResource;
import com.platformeconomy.wallet.catalog.AppCatalog;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import com.platformeconomy.stack.TestTokens;
import io.restassured.http.ContentType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The wallets spread over buckets (issue 19, docs/scaling.md): run by the build's {@code redis-buckets}
 * execution, on a Redis Cluster of 3 masters with {@code wallet.redis.buckets=16}; skipped elsewhere.
 * Every movement runs in its owner's bucket, each bucket numbers its own movements, the relay
 * publishes every bucket's stream, and reconciliation compares each bucket with the ledger.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class BucketsTest {

    @Inject
    Keys keys;
    @Inject
    AppCatalog catalog;
    /** The stack's admin user: the test reads the cluster's slots and the ledger as the service may not. */
    @Inject
    @RedisClientName("admin")
    Redis redis;
    @Inject
    Pool pool;
    @Inject
    LuaScripts scripts;
    @Inject
    com.platformeconomy.wallet.hold.HoldService holds;
    @Inject
    com.platformeconomy.wallet.idempotency.EventWindow window;

    @BeforeEach
    void onlyWithBuckets() {
        Assumptions.assumeTrue(keys.count() > 1, "runs with wallet.redis.buckets > 1 (the redis-buckets execution)");
    }

    private String app() {
        String appId = "buckets-" + UUID.randomUUID().toString().substring(0, 8);
        catalog.put(new AppCatalogEntry(appId, "dev:" + appId, "active", "paid", 5, 2, 70, 1)).await().indefinitely();
        return appId;
    }

    /** Users until {@code buckets} different buckets have one each. */
    private List<String> usersInBuckets(int buckets) {
        Map<Integer, String> byBucket = new HashMap<>();
        while (byBucket.size() < buckets) {
            String user = newUser();
            byBucket.putIfAbsent(keys.of(user).index(), user);
        }
        return new ArrayList<>(byBucket.values());
    }

    private static String item(String eventId, String user, String appId) {
        return "{\"event_id\":\"" + eventId + "\",\"user_id\":\"" + user + "\",\"app_id\":\"" + appId
                + "\",\"tool_name\":\"summarize\",\"handler\":\"action\",\"byollm\":false}";
    }

    @Test
    void chargesInEveryBucketAreBookedByTheLedgerAndReconcile() {
        List<String> users = usersInBuckets(keys.count());
        String appId = app();
        long revenueBefore = balance("platform:revenue");
        for (String user : users) {
            credit(user, 100).statusCode(201);
            charge(newEventId(), user, appId, "action", false).statusCode(201).body("balance", equalTo(93));
        }
        // One batch across every bucket: one pipeline per bucket, the outcomes in the request's order.
        StringBuilder batch = new StringBuilder("{\"charges\":[");
        for (int i = 0; i < users.size(); i++) {
            batch.append(i == 0 ? "" : ",").append(item(newEventId(), users.get(i), appId));
        }
        given().auth().oauth2(PRIVILEGED).contentType(ContentType.JSON).body(batch.append("]}").toString())
                .when().post("/v1/charges/batch").then().statusCode(200)
                .body("results.status", org.hamcrest.Matchers.everyItem(equalTo(201)))
                .body("results.result.balance", org.hamcrest.Matchers.everyItem(equalTo(86)));
        for (String user : users) {
            assertThat(balance(user)).isEqualTo(86);
        }
        // The platform's revenue account is a sub-account per bucket; its balance is their sum.
        assertThat(balance("platform:revenue") - revenueBefore).isEqualTo(users.size() * 2L * 7);

        // The relay published every bucket's stream: reconciliation waits for the ledger to book each
        // bucket's movements up to its counter, then finds every balance equal to the ledger's.
        given().auth().oauth2(PRIVILEGED).when().get("/v1/admin/reconciliation").then().statusCode(200)
                .body("drift", empty());

        // Each movement was numbered by its owner's bucket, and no seq is used twice.
        Set<Long> seqs = new HashSet<>();
        for (Row row : pool.preparedQuery("SELECT seq, account FROM token_ledger WHERE account = ANY($1) AND side = 'from'")
                .execute(Tuple.of(users.toArray(String[]::new))).await().indefinitely()) {
            long seq = row.getLong("seq");
            assertThat(keys.of(row.getString("account")).numbered(seq)).as("seq %d of %s", seq, row.getString("account")).isTrue();
            assertThat(seqs.add(seq)).as("seq %d booked once", seq).isTrue();
        }
        assertThat(seqs).hasSize(users.size() * 2);
    }

    @Test
    void theBucketsSpreadOverEveryMasterOfTheCluster() {
        Set<String> masters = new HashSet<>();
        Response slots = redis.send(Request.cmd(Command.CLUSTER).arg("SLOTS")).await().indefinitely();
        for (Keys.Bucket bucket : keys.all()) {
            long slot = redis.send(Request.cmd(Command.CLUSTER).arg("KEYSLOT").arg(bucket.seq())).await().indefinitely().toLong();
            // The slot WalletRedis sends the bucket's requests to is the one Redis places its keys in.
            assertThat(Keys.slot(bucket.seq())).as("Keys.slot of " + bucket.seq()).isEqualTo(slot);
            for (Response range : slots) {
                if (range.get(0).toLong() <= slot && slot <= range.get(1).toLong()) {
                    masters.add(range.get(2).get(1).toString());
                }
            }
            // Every key of the bucket is in that one slot.
            for (String key : List.of(bucket.wallet("user:x"), bucket.event("e"), bucket.billingStream(), bucket.app("a"),
                    bucket.hold("h"), bucket.accounts(), bucket.holdExpiry())) {
                assertThat(redis.send(Request.cmd(Command.CLUSTER).arg("KEYSLOT").arg(key)).await().indefinitely().toLong())
                        .as(key).isEqualTo(slot);
            }
        }
        assertThat(masters).as("masters holding a bucket").hasSize(slots.size());
    }

    @Test
    void aHoldInAnyBucketIsFoundByItsId() {
        List<String> users = usersInBuckets(3);
        for (String user : users) {
            credit(user, 100).statusCode(201);
            String hold = "hold-" + UUID.randomUUID();
            reserve(user, hold, 60, "platform:revenue").statusCode(201);
            assertThat(available(user)).isEqualTo(40);
            capture(hold, 45).statusCode(200).body("state", equalTo("captured"));
            assertThat(balance(user)).isEqualTo(55);
            assertThat(available(user)).isEqualTo(55);
        }
        given().auth().oauth2(PRIVILEGED).when().get("/v1/admin/reconciliation").then().statusCode(200)
                .body("drift", empty());
    }

    /**
     * docs/scaling.md step 6: no script reaches two buckets, so a capture for a payee kept in another
     * bucket has two legs, payer to the escrow sub-account of the hold's bucket, then the escrow
     * sub-account of the payee's bucket to the payee, each booked by the ledger under its own id. The
     * payee is paid once whatever repeats: the capture asked again, the wallet dying between the
     * legs (the sweep lands it), the sweep and a request landing the same capture.
     */
    @Test
    void aCaptureForAPayeeInAnotherBucketLandsThroughEscrowOnce() {
        List<String> users = usersInBuckets(2);
        String payer = users.get(0);
        String payee = users.get(1);
        assertThat(keys.of(payer)).isNotSameAs(keys.of(payee));
        credit(payer, 100).statusCode(201);
        long escrowBefore = balance("escrow");

        String hold = "hold-" + UUID.randomUUID();
        reserve(payer, hold, 40, payee).statusCode(201);
        assertThat(available(payer)).isEqualTo(60);
        capture(hold, 30).statusCode(200).body("state", equalTo("captured")).body("captured_amount", equalTo(30));
        assertThat(balance(payer)).isEqualTo(70);
        assertThat(available(payer)).isEqualTo(70);
        assertThat(balance(payee)).isEqualTo(30);
        assertThat(balance("escrow")).as("nothing left in flight").isEqualTo(escrowBefore);
        capture(hold, 30).statusCode(200).body("captured_amount", equalTo(30));
        assertThat(balance(payee)).as("a replayed capture pays nothing again").isEqualTo(30);
        assertThat(balance(payer)).isEqualTo(70);

        // The ledger books both legs, each numbered by the bucket it ran in.
        Map<String, Long> legs = awaitLegs(hold);
        assertThat(legs).containsEntry("from " + payer, -30L).containsEntry("to escrow via capture", 30L)
                .containsEntry("from escrow via landing", -30L).containsEntry("to " + payee, 30L);
        assertThat(keys.of(payer).numbered(legs.get("seq capture"))).isTrue();
        assertThat(keys.of(payee).numbered(legs.get("seq landing"))).isTrue();
        // Both legs name the admin that captured (four eyes), the payee's too, though the suite lands it.
        List<String> actors = new java.util.ArrayList<>();
        pool.preparedQuery("SELECT coalesce(actor, '-') AS actor FROM token_ledger WHERE event_id = ANY($1)")
                .execute(Tuple.of(new String[] {SuiteIds.holdCapture(hold), SuiteIds.holdLanding(hold)})).await().indefinitely()
                .forEach(row -> actors.add(row.getString("actor")));
        assertThat(actors).hasSize(4).containsOnly(com.platformeconomy.testkit.wallet.Wallets.ADMIN);

        // The wallet dies right after a capture's first leg (the capture script alone runs, as
        // HoldService runs it): the tokens are in flight, the sweep lands them.
        String second = "hold-" + UUID.randomUUID();
        reserve(payer, second, 20, payee).statusCode(201);
        Keys.Bucket bucket = keys.of(payer);
        assertThat(firstLegOnly(keys, scripts, second, payer, payee, 20)).containsExactly("ok", "captured", "20", "pending");
        assertThat(balance(payer)).isEqualTo(50);
        assertThat(balance("escrow")).as("in flight").isEqualTo(escrowBefore + 20);
        Awaitility.await("the sweep lands the capture").atMost(Duration.ofSeconds(30))
                .until(() -> balance(payee) == 50 && balance("escrow") == escrowBefore);
        capture(second, 20).statusCode(200).body("captured_amount", equalTo(20));

        // Two landings of one capture at once, before the ledger has booked either (each reads it
        // pending, finds nothing booked and credits under the same id): the transfer's record pays it once.
        String third = "hold-" + UUID.randomUUID();
        reserve(payer, third, 5, payee).statusCode(201);
        assertThat(firstLegOnly(keys, scripts, third, payer, payee, 5)).containsExactly("ok", "captured", "5", "pending");
        Uni.join().all(holds.land(third, bucket), holds.land(third, bucket)).andCollectFailures().await().indefinitely();
        assertThat(balance(payee)).as("two landings at once pay once").isEqualTo(55);
        assertThat(balance("escrow")).isEqualTo(escrowBefore);
        assertThat(awaitLegs(third)).containsEntry("to " + payee, 5L).containsEntry("rows", 4L);
        assertThat(awaitLegs(second)).containsEntry("to " + payee, 20L).containsEntry("rows", 4L);

        // A landing asked again once the ledger booked it (its landing marked pending anew, as if a
        // request had read it before the sweep finished): the ledger says it landed, nothing is paid again.
        redis.send(Request.cmd(Command.HSET).arg(bucket.hold(second)).arg("landing").arg("pending")).await().indefinitely();
        redis.send(Request.cmd(Command.ZADD).arg(bucket.holdLanding()).arg(0).arg(second)).await().indefinitely();
        capture(second, 20).statusCode(200);
        Awaitility.await("the landing index empty of it").atMost(Duration.ofSeconds(30)).until(() ->
                redis.send(Request.cmd(Command.ZSCORE).arg(bucket.holdLanding()).arg(second)).await().indefinitely() == null);
        assertThat(balance(payee)).isEqualTo(55);
        assertThat(balance(payer)).isEqualTo(45);
        assertThat(balance("escrow")).isEqualTo(escrowBefore);
        assertThat(pool.preparedQuery("SELECT count(*) FROM token_ledger WHERE event_id = $1")
                .execute(Tuple.of(SuiteIds.holdLanding(second))).await().indefinitely().iterator().next().getLong(0))
                .as("rows of the landing asked again").isEqualTo(2);

        // A capture in flight whose record is gone (its bucket lost its data) cannot land: the sweep
        // keeps it in the index, tried again an hour later, never dropped in silence.
        String ghost = "hold-" + UUID.randomUUID();
        redis.send(Request.cmd(Command.ZADD).arg(bucket.holdLanding()).arg(0).arg(ghost)).await().indefinitely();
        long sweptAfter = System.currentTimeMillis();
        Awaitility.await("the sweep puts it off").atMost(Duration.ofSeconds(30)).until(() -> {
            Response score = redis.send(Request.cmd(Command.ZSCORE).arg(bucket.holdLanding()).arg(ghost)).await().indefinitely();
            return score != null && score.toLong() > sweptAfter + 3_000_000;
        });
        redis.send(Request.cmd(Command.ZREM).arg(bucket.holdLanding()).arg(ghost)).await().indefinitely();
        given().auth().oauth2(PRIVILEGED).when().get("/v1/admin/reconciliation").then().statusCode(200)
                .body("drift", empty());
    }

    /**
     * A bucket that lost its data may leave the ledger holding a hold's landing (its payee paid) and not its
     * capture (still in the stream Redis lost), while the hold id is reserved again within its window. It is
     * not captured again: the payee was paid for it, and the landing already booked would be taken for the new
     * capture's, marking it landed with its tokens stranded in escrow. Nor is any landing whose booked row is
     * another movement (another payee or amount) taken for a capture's: it stays in flight, counted.
     */
    @Test
    void aLandingTheLedgerHoldsIsNeverTakenForAnotherCapturesLanding() {
        List<String> users = usersInBuckets(2);
        String payer = users.get(0);
        String payee = users.get(1);
        Keys.Bucket bucket = keys.of(payer);
        credit(payer, 100).statusCode(201);
        long escrowBefore = balance("escrow");
        String landedBefore = "hold-" + UUID.randomUUID();
        String other = "hold-" + UUID.randomUUID();
        long seq = 9_100_000_000_000L; // far above any counter here: no bucket's comparison counts these rows
        try {
            plantLegs("now()",
                    new Object[] {SuiteIds.holdLanding(landedBefore), seq, "from", "escrow", -30L, payee},
                    new Object[] {SuiteIds.holdLanding(landedBefore), seq, "to", payee, 30L, "escrow"},
                    new Object[] {SuiteIds.holdLanding(other), seq + 16, "from", "escrow", -9L, "user:someone-else"},
                    new Object[] {SuiteIds.holdLanding(other), seq + 16, "to", "user:someone-else", 9L, "escrow"});
            reserve(payer, landedBefore, 30, payee).statusCode(201);
            // Another amount than the landing paid: not this capture's landing; nothing moves.
            capture(landedBefore, 20).statusCode(409).body("code", equalTo("hold_not_active"));
            assertThat(balance(payer)).isEqualTo(100);
            assertThat(balance("escrow")).isEqualTo(escrowBefore);
            // The same payee and amount: the capture's lost leg is made again, and its landing is found booked, not
            // paid again (here the planted landing was never in Redis: the payee's balance stays as it was).
            capture(landedBefore, 30).statusCode(200).body("state", equalTo("captured"));
            assertThat(balance(payer)).isEqualTo(70);
            assertThat(balance(payee)).isZero();
            assertThat(balance("escrow")).as("the capture's leg, whose landing was booked before").isEqualTo(escrowBefore + 30);

            // A capture's first leg (as the route runs it) whose landing id the ledger holds for another movement.
            reserve(payer, other, 20, payee).statusCode(201);
            assertThat(firstLegOnly(keys, scripts, other, payer, payee, 20)).containsExactly("ok", "captured", "20", "pending");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> holds.land(other, bucket).await().indefinitely())
                    .hasMessageContaining("another movement");
            assertThat(balance(payee)).isZero();
            assertThat(balance("escrow")).as("still in flight").isEqualTo(escrowBefore + 30 + 20);
            assertThat(redis.send(Request.cmd(Command.HGET).arg(bucket.hold(other)).arg("landing")).await().indefinitely())
                    .hasToString("pending");
        } finally {
            pool.preparedQuery("DELETE FROM token_ledger WHERE seq >= $1").execute(Tuple.of(seq)).await().indefinitely();
        }
        // Once the ledger holds no other movement under its id, the capture lands, once.
        holds.land(other, bucket).await().indefinitely();
        assertThat(balance(payee)).isEqualTo(20);
        assertThat(balance("escrow")).isEqualTo(escrowBefore + 30);
        assertThat(awaitLegs(other)).containsEntry("to " + payee, 20L).containsEntry("rows", 4L);
        // The planted landing gone (it was never in Redis), the re-made capture is landed for real, as a capture
        // marked pending anew: the payee paid from escrow, escrow even, both legs booked (nothing left unmatched).
        redis.send(Request.cmd(Command.HSET).arg(bucket.hold(landedBefore)).arg("landing").arg("pending")).await().indefinitely();
        redis.send(Request.cmd(Command.ZADD).arg(bucket.holdLanding()).arg(0).arg(landedBefore)).await().indefinitely();
        holds.land(landedBefore, bucket).await().indefinitely();
        assertThat(balance(payee)).isEqualTo(50);
        assertThat(balance("escrow")).isEqualTo(escrowBefore);
        assertThat(awaitLegs(landedBefore)).containsEntry("to " + payee, 30L).containsEntry("rows", 4L);
    }

    /**
     * Each bucket reconciles with its own seqs, so a capture whose other leg went missing (a bucket
     * that lost its data and was rebuilt from a ledger without it) would pass bucket by bucket: the
     * report pairs the legs in the ledger and lists a leg left alone past the grace.
     */
    @Test
    void aCaptureLegWithoutItsLandingIsReported() {
        String alone = "hold-" + UUID.randomUUID();
        String paired = "hold-" + UUID.randomUUID();
        String unequal = "hold-" + UUID.randomUUID();
        long seq = 9_000_000_000_000L; // far above any counter here: no bucket's comparison counts these rows
        try {
            plantLegs("now() - interval '1 hour'", new Object[][] {
                    {SuiteIds.holdCapture(alone), seq, "from", "user:alone", -5L, "escrow"},
                    {SuiteIds.holdCapture(alone), seq, "to", "escrow", 5L, "user:alone"},
                    {SuiteIds.holdCapture(paired), seq + 16, "from", "user:paired", -7L, "escrow"},
                    {SuiteIds.holdCapture(paired), seq + 16, "to", "escrow", 7L, "user:paired"},
                    {SuiteIds.holdLanding(paired), seq + 33, "from", "escrow", -7L, "node-op:paired"},
                    {SuiteIds.holdLanding(paired), seq + 33, "to", "node-op:paired", 7L, "escrow"},
                    // A capture of 4 and a landing of 3 under one hold's ids: no pair (one tokens stranded in escrow).
                    {SuiteIds.holdCapture(unequal), seq + 48, "from", "user:unequal", -4L, "escrow"},
                    {SuiteIds.holdCapture(unequal), seq + 48, "to", "escrow", 4L, "user:unequal"},
                    {SuiteIds.holdLanding(unequal), seq + 65, "from", "escrow", -3L, "node-op:unequal"},
                    {SuiteIds.holdLanding(unequal), seq + 65, "to", "node-op:unequal", 3L, "escrow"}});
            given().auth().oauth2(PRIVILEGED).when().get("/v1/admin/reconciliation").then().statusCode(200)
                    .body("unmatched_escrow_legs.event_id", org.hamcrest.Matchers.containsInAnyOrder(SuiteIds.holdCapture(alone),
                            SuiteIds.holdCapture(unequal), SuiteIds.holdLanding(unequal)))
                    .body("unmatched_escrow_legs.find { it.event_id == '" + SuiteIds.holdCapture(alone) + "' }.leg", equalTo("capture"))
                    .body("unmatched_escrow_legs.find { it.event_id == '" + SuiteIds.holdCapture(alone) + "' }.amount", equalTo(5));
        } finally {
            pool.preparedQuery("DELETE FROM token_ledger WHERE seq >= $1").execute(Tuple.of(seq)).await().indefinitely();
        }
        given().auth().oauth2(PRIVILEGED).when().get("/v1/admin/reconciliation").then().statusCode(200)
                .body("unmatched_escrow_legs", empty());
    }

    /**
     * Books hold legs in the ledger as a test's own rows, each {event_id, seq, side, account, amount,
     * counter_account}, recorded {@code at} (SQL); a test deletes them by their seq.
     */
    private void plantLegs(String at, Object[]... rows) {
        String insert = "INSERT INTO token_ledger (event_id, seq, side, account, amount, counter_account, kind, category, created_at,"
                + " recorded_at) VALUES ($1, $2, $3, $4, $5, $6, 'hold_capture', 'hold', " + at + ", " + at + ")";
        for (Object[] row : rows) {
            pool.preparedQuery(insert).execute(Tuple.from(row)).await().indefinitely();
        }
    }

    /**
     * A capture's first leg alone, as HoldService runs the capture script for a payee in another
     * bucket (the wallet dying before the second): the payer's tokens to its bucket's escrow.
     */
    static List<String> firstLegOnly(Keys keys, LuaScripts scripts, String holdId, String payer, String payee, long amount) {
        Keys.Bucket bucket = keys.of(payer);
        return LuaReply.strings(scripts.run(LuaScripts.Script.SETTLE_HOLD,
                List.of(bucket.hold(holdId), bucket.wallet(payer), bucket.wallet("escrow"), bucket.holdExpiry(), bucket.holdStats(),
                        bucket.billingStream(), bucket.seq(), bucket.accounts(), bucket.holdLanding()),
                List.of(holdId, "captured", Long.toString(amount), "900", SuiteIds.holdCapture(holdId), payee, "", bucket.stride(),
                        "escrow", scripts.deadline())).await().indefinitely());
    }

    /** The ledger's rows of a hold's two legs, once it has booked both: "from/to account", "seq capture|landing", "rows". */
    private Map<String, Long> awaitLegs(String holdId) {
        String capture = SuiteIds.holdCapture(holdId);
        String landing = SuiteIds.holdLanding(holdId);
        Map<String, Long> legs = new HashMap<>();
        Awaitility.await("both legs booked").atMost(Duration.ofSeconds(30)).until(() -> {
            legs.clear();
            long rows = 0;
            for (Row row : pool.preparedQuery("SELECT event_id, seq, side, account, amount FROM token_ledger WHERE event_id = ANY($1)")
                    .execute(Tuple.of(new String[] {capture, landing})).await().indefinitely()) {
                String leg = row.getString("event_id").equals(capture) ? "capture" : "landing";
                String account = row.getString("account");
                legs.put(row.getString("side") + " " + account + (account.equals("escrow") ? " via " + leg : ""), row.getLong("amount"));
                legs.put("seq " + leg, row.getLong("seq"));
                rows++;
            }
            legs.put("rows", rows);
            return rows == 4;
        });
        return legs;
    }

    private static io.restassured.response.ValidatableResponse release(String holdId) {
        return given().auth().oauth2(PRIVILEGED).contentType(ContentType.JSON).body("{}")
                .when().post("/v1/holds/" + holdId + "/release").then();
    }

    private static io.restassured.response.ValidatableResponse capture(String holdId, long amount) {
        return given().auth().oauth2(PRIVILEGED).contentType(ContentType.JSON).body("{\"amount\":" + amount + "}")
                .when().post("/v1/holds/" + holdId + "/capture").then();
    }

    @Test
    void anIdUsedInOneBucketIsRefusedInEveryOther() {
        List<String> users = usersInBuckets(2);
        String first = users.get(0);
        String second = users.get(1);
        String appId = app();
        credit(first, 100).statusCode(201);
        credit(second, 100).statusCode(201);

        // A charge's event id, taken by the second user's bucket: refused on either route, nothing moves.
        String eventId = newEventId();
        charge(eventId, first, appId, "action", false).statusCode(201);
        charge(eventId, second, appId, "action", false).statusCode(409).body("code", equalTo("event_id_reused"));
        given().auth().oauth2(PRIVILEGED).contentType(ContentType.JSON)
                .body("{\"charges\":[" + item(eventId, second, appId) + "," + item(newEventId(), second, appId) + "]}")
                .when().post("/v1/charges/batch").then().statusCode(200)
                .body("results.status", org.hamcrest.Matchers.contains(409, 201))
                .body("results[0].result.reason", equalTo("event_id_reused"));
        // A credit's event id, the same.
        credit(second, eventId, 5).statusCode(409).body("code", equalTo("event_id_reused"));
        // The first user's replay is still its own.
        charge(eventId, first, appId, "action", false).statusCode(200).body("balance", equalTo(93));
        assertThat(balance(first)).isEqualTo(93);
        assertThat(balance(second)).isEqualTo(93);

        // A hold id, the same; and the hold is found where it was made.
        String hold = "hold-" + UUID.randomUUID();
        reserve(first, hold, 10, "platform:revenue").statusCode(201);
        reserve(second, hold, 10, "platform:revenue").statusCode(409).body("code", equalTo("hold_id_reused"));
        assertThat(available(second)).isEqualTo(93);
        capture(hold, 10).statusCode(200).body("state", equalTo("captured"));
        assertThat(balance(first)).isEqualTo(83);
        given().auth().oauth2(PRIVILEGED).when().get("/v1/admin/reconciliation").then().statusCode(200)
                .body("drift", empty());
    }

    @Test
    void anEventIdsClaimNeverStandsForAHoldsAndAHoldsClaimLivesAsLongAsTheHold() {
        List<String> users = usersInBuckets(2);
        String first = users.get(0);
        String second = users.get(1);
        credit(first, 100).statusCode(201);
        credit(second, 100).statusCode(201);
        // The same text as a credit's event id and as a hold id: two kinds, claimed apart (as one bucket keeps them apart).
        String id = "hold-" + UUID.randomUUID();
        credit(first, id, 5).statusCode(201);
        reserve(first, id, 10, "platform:revenue", 86_400).statusCode(201);
        long ttl = redis.send(Request.cmd(Command.TTL).arg(keys.of(id).claim(IdClaims.HOLD, id))).await().indefinitely().toLong();
        assertThat(ttl).as("the hold's claim outlives its day and then its record").isGreaterThan(86_400);
        reserve(second, id, 10, "platform:revenue").statusCode(409).body("code", equalTo("hold_id_reused"));
        assertThat(available(first)).isEqualTo(95);
        assertThat(available(second)).isEqualTo(100);
    }

    /**
     * A hold id's claim is made for the hold's ttl and then its record (up to 30 days and a day). A
     * refused reservation or an ended hold keeps only its record: its claim kept the id for the whole
     * ttl, so refused one-token holds of 30 days, free to make, filled Redis (noeviction: every
     * movement then stops). The claim is cut back to the record's life, never below it.
     */
    @Test
    void aRefusedOrEndedHoldsClaimLivesNoLongerThanItsRecord() {
        String user = usersInBuckets(1).get(0);
        credit(user, 10).statusCode(201);
        long thirtyDays = 30L * 24 * 3600;
        long recordAndMargin = window.recordTtlSeconds() + IdClaims.MARGIN_SECONDS;

        String refused = "hold-" + UUID.randomUUID();
        reserve(user, refused, 1_000, "platform:revenue", thirtyDays).statusCode(402);
        assertThat(claimTtl(refused)).isPositive().isLessThanOrEqualTo(recordAndMargin);
        // Its replay answers the refusal again, and the id stays this account's.
        reserve(user, refused, 1_000, "platform:revenue", thirtyDays).statusCode(402);

        String released = "hold-" + UUID.randomUUID();
        reserve(user, released, 5, "platform:revenue", thirtyDays).statusCode(201);
        assertThat(claimTtl(released)).as("an active hold's claim outlives the hold").isGreaterThan(thirtyDays);
        given().auth().oauth2(TestTokens.mint(user, "user")).contentType(ContentType.JSON).body("{}")
                .when().post("/v1/holds/" + released + "/release")
                .then().statusCode(200).body("state", equalTo("released"));
        assertThat(claimTtl(released)).isPositive().isLessThanOrEqualTo(recordAndMargin);
        long recordTtl = redis.send(Request.cmd(Command.TTL).arg(keys.of(user).hold(released))).await().indefinitely().toLong();
        assertThat(claimTtl(released)).as("the claim outlives the ended hold's record").isGreaterThan(recordTtl);
        assertThat(available(user)).isEqualTo(10);
    }

    /** The account's owner debits it under {@code eventId} (api_usage). */
    private static io.restassured.response.ValidatableResponse ownersDebit(String account, String eventId, long amount) {
        return given().auth().oauth2(TestTokens.mint(account, "user")).contentType(ContentType.JSON)
                .body("{\"event_id\":\"" + eventId + "\",\"amount\":" + amount + ",\"category\":\"api_usage\",\"reason\":\"x\"}")
                .when().post("/v1/wallets/" + account + "/debits").then();
    }

    private long claimTtl(String holdId) {
        return redis.send(Request.cmd(Command.TTL).arg(keys.of(holdId).claim(IdClaims.HOLD, holdId))).await().indefinitely().toLong();
    }

    @Test
    void aClaimInABucketThatLostItsDataIsNotGrantedAgain() {
        List<String> users = usersInBuckets(keys.count());
        String eventId = newEventId();
        Keys.Bucket claims = keys.of(eventId);
        // The id's claim goes to the bucket the id hashes to; two users of two other buckets use it (the
        // second by a debit: a credit under it to another account is refused by the admin credits' record first).
        List<String> others = users.stream().filter(u -> keys.of(u) != claims).limit(2).toList();
        credit(others.get(0), eventId, 5).statusCode(201);
        String counter = redis.send(Request.cmd(Command.GET).arg(claims.seq())).await().indefinitely().toString();
        try {
            // That bucket's master loses its data: the claim and the counter are gone.
            redis.send(Request.cmd(Command.DEL).arg(claims.claim(IdClaims.EVENT, eventId)).arg(claims.seq())).await().indefinitely();
            ownersDebit(others.get(1), eventId, 5).statusCode(503).body("code", equalTo("service_unavailable"));
        } finally {
            redis.send(Request.cmd(Command.SET).arg(claims.seq()).arg(counter)).await().indefinitely();
        }
        assertThat(balance(others.get(1))).isZero();
    }

    /**
     * A bucket that lost its data took its ids' records, and the master its ids hash to their claims.
     * The rebuild puts both back for the ids the ledger booked within the window (LostRecords): a retry
     * is answered from the ledger, and the id used from another bucket is refused by its claim, where
     * before it was granted there and applied a second time.
     */
    @Test
    void afterABucketLostItsDataTheRebuildPutsBackItsIdsRecordsAndClaims() {
        List<String> users = usersInBuckets(keys.count());
        String eventId = newEventId();
        String user = users.stream().filter(u -> keys.of(u) != keys.of(eventId)).findFirst().orElseThrow();
        String other = users.stream().filter(u -> keys.of(u) != keys.of(eventId) && keys.of(u) != keys.of(user)).findFirst().orElseThrow();
        Keys.Bucket bucket = keys.of(user);
        credit(user, eventId, 40).statusCode(201);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> pool.preparedQuery("SELECT count(*) FROM token_ledger WHERE event_id = $1")
                .execute(Tuple.of(eventId)).await().indefinitely().iterator().next().getLong(0) == 2);

        List<String> lost = new ArrayList<>(List.of(bucket.billingStream(), bucket.seq(), bucket.accounts(), bucket.event(eventId)));
        for (Response account : redis.send(Request.cmd(Command.SMEMBERS).arg(bucket.accounts())).await().indefinitely()) {
            lost.add(bucket.wallet(account.toString()));
        }
        for (String key : lost) {
            redis.send(Request.cmd(Command.DEL).arg(key)).await().indefinitely();
        }
        redis.send(Request.cmd(Command.DEL).arg(keys.of(eventId).claim(IdClaims.EVENT, eventId))).await().indefinitely();
        given().auth().oauth2(PRIVILEGED).when().post("/v1/admin/reconciliation/rebuild").then().statusCode(200);

        // The id from another bucket first (a retry of its own bucket's would claim it again itself), by a
        // debit: refused by the claim put back (granted, it would be 402 for the empty wallet).
        ownersDebit(other, eventId, 40).statusCode(409).body("code", equalTo("event_id_reused"));
        credit(user, eventId, 40).statusCode(200).body("balance", equalTo(40));
        assertThat(balance(user)).isEqualTo(40);
        assertThat(balance(other)).isZero();
    }

    /**
     * A hold's claim, in the bucket its id hashes to, says where the hold is. That bucket losing its data takes
     * it, and then a reservation under the id from another bucket (within its window) was granted the id, and
     * every route naming the hold found that one: the holder could not release its own, an admin's capture
     * took the other. The rebuild puts back the claims of the holds every bucket keeps.
     */
    @Test
    void theRebuildPutsBackTheClaimsOfTheHoldsTheBucketsKeep() {
        List<String> users = usersInBuckets(keys.count());
        String holdId = "hold-" + UUID.randomUUID();
        String holder = users.stream().filter(u -> keys.of(u) != keys.of(holdId)).findFirst().orElseThrow();
        String other = users.stream().filter(u -> keys.of(u) != keys.of(holdId) && keys.of(u) != keys.of(holder)).findFirst().orElseThrow();
        String payee = newUser();
        credit(holder, 50).statusCode(201);
        credit(other, 50).statusCode(201);
        reserve(holder, holdId, 30, payee).statusCode(201);
        redis.send(Request.cmd(Command.DEL).arg(keys.of(holdId).claim(IdClaims.HOLD, holdId))).await().indefinitely();
        given().auth().oauth2(PRIVILEGED).when().post("/v1/admin/reconciliation/rebuild").then().statusCode(200);

        reserve(other, holdId, 1, payee).statusCode(409).body("code", equalTo("hold_id_reused"));
        assertThat(available(other)).isEqualTo(50);
        release(holdId).statusCode(200).body("state", equalTo("released"));
        assertThat(available(holder)).isEqualTo(50);

        // An index of more holds than one scan's page (1000), none with a claim: every one gets its claim back.
        // (Index entries alone, due in a day: no sweep reads them meanwhile.)
        Keys.Bucket bucket = keys.of(holder);
        List<String> many = new ArrayList<>();
        Request zadd = Request.cmd(Command.ZADD).arg(bucket.holdExpiry());
        for (int i = 0; i < 2_500; i++) {
            String id = "hold-" + UUID.randomUUID();
            many.add(id);
            zadd.arg(System.currentTimeMillis() + 86_400_000L).arg(id);
        }
        redis.send(zadd).await().indefinitely();
        try {
            given().auth().oauth2(PRIVILEGED).when().post("/v1/admin/reconciliation/rebuild").then().statusCode(200);
            for (String id : many) {
                assertThat(redis.send(Request.cmd(Command.GET).arg(keys.of(id).claim(IdClaims.HOLD, id))).await().indefinitely())
                        .as("the claim of " + id).hasToString(Integer.toString(bucket.index()));
            }
        } finally {
            Request zrem = Request.cmd(Command.ZREM).arg(bucket.holdExpiry());
            many.forEach(zrem::arg);
            redis.send(zrem).await().indefinitely();
            for (String id : many) {
                redis.send(Request.cmd(Command.DEL).arg(keys.of(id).claim(IdClaims.HOLD, id))).await().indefinitely();
            }
        }
    }

    @Test
    void aWalletStartedWithAnotherBucketCountNeitherReconcilesNorRebuilds() {
        pool.query("UPDATE movement_counter SET buckets = 1").execute().await().indefinitely();
        try {
            given().auth().oauth2(PRIVILEGED).when().get("/v1/admin/reconciliation").then().statusCode(503)
                    .body("detail", org.hamcrest.Matchers.containsString("wallet.redis.buckets=1"));
            given().auth().oauth2(PRIVILEGED).when().post("/v1/admin/reconciliation/rebuild")
                    .then().statusCode(503);
        } finally {
            pool.query("UPDATE movement_counter SET buckets = " + keys.count()).execute().await().indefinitely();
        }
        given().auth().oauth2(PRIVILEGED).when().get("/v1/admin/reconciliation").then().statusCode(200);
    }

    static io.restassured.response.ValidatableResponse reserve(String account, String holdId, long amount, String payee) {
        return reserve(account, holdId, amount, payee, 600);
    }

    private static io.restassured.response.ValidatableResponse reserve(String account, String holdId, long amount, String payee,
                                                                       long ttlSeconds) {
        // The holder reserves (its consent): the admins of these tests then capture it.
        return given().auth().oauth2(TestTokens.mint(account, "user")).contentType(ContentType.JSON)
                .body("{\"hold_id\":\"" + holdId + "\",\"amount\":" + amount + ",\"purpose\":\"compute borrowing\","
                        + "\"ttl_seconds\":" + ttlSeconds + ",\"payee\":\"" + payee + "\"}")
                .when().post("/v1/wallets/" + account + "/holds").then();
    }
}
