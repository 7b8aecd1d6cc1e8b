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
import com.platformeconomy.stack.LocalStackResource;
import com.platformeconomy.wallet.catalog.AppCatalog;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
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
    void aHoldInAnyBucketIsFoundByItsIdAndItsPayeeInAnotherBucketIsRefused() {
        List<String> users = usersInBuckets(3);
        for (String user : users) {
            credit(user, 100).statusCode(201);
            String hold = "hold-" + UUID.randomUUID();
            reserve(user, hold, 60, "platform:revenue").statusCode(201);
            assertThat(available(user)).isEqualTo(40);
            given().auth().oauth2(PRIVILEGED).contentType(ContentType.JSON).body("{\"amount\":45}")
                    .when().post("/v1/holds/" + hold + "/capture").then().statusCode(200).body("state", equalTo("captured"));
            assertThat(balance(user)).isEqualTo(55);
            assertThat(available(user)).isEqualTo(55);
        }
        // A payee kept in another bucket cannot be paid by one script: refused before anything is held.
        String payer = users.get(0);
        String payee = users.get(1);
        assertThat(keys.of(payer)).isNotSameAs(keys.of(payee));
        reserve(payer, "hold-" + UUID.randomUUID(), 10, payee).statusCode(409).body("code", equalTo("conflict"));
        assertThat(available(payer)).isEqualTo(55);
        given().auth().oauth2(PRIVILEGED).when().get("/v1/admin/reconciliation").then().statusCode(200)
                .body("drift", empty());
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
        given().auth().oauth2(PRIVILEGED).contentType(ContentType.JSON).body("{\"amount\":10}")
                .when().post("/v1/holds/" + hold + "/capture").then().statusCode(200).body("state", equalTo("captured"));
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

    @Test
    void aClaimInABucketThatLostItsDataIsNotGrantedAgain() {
        List<String> users = usersInBuckets(keys.count());
        String eventId = newEventId();
        Keys.Bucket claims = keys.of(eventId);
        // The id's claim goes to the bucket the id hashes to; two users of two other buckets use it.
        List<String> others = users.stream().filter(u -> keys.of(u) != claims).limit(2).toList();
        credit(others.get(0), eventId, 5).statusCode(201);
        String counter = redis.send(Request.cmd(Command.GET).arg(claims.seq())).await().indefinitely().toString();
        try {
            // That bucket's master loses its data: the claim and the counter are gone.
            redis.send(Request.cmd(Command.DEL).arg(claims.claim(IdClaims.EVENT, eventId)).arg(claims.seq())).await().indefinitely();
            credit(others.get(1), eventId, 5).statusCode(503).body("code", equalTo("service_unavailable"));
        } finally {
            redis.send(Request.cmd(Command.SET).arg(claims.seq()).arg(counter)).await().indefinitely();
        }
        assertThat(balance(others.get(1))).isZero();
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

    private static io.restassured.response.ValidatableResponse reserve(String account, String holdId, long amount, String payee) {
        return reserve(account, holdId, amount, payee, 600);
    }

    private static io.restassured.response.ValidatableResponse reserve(String account, String holdId, long amount, String payee,
                                                                       long ttlSeconds) {
        return given().auth().oauth2(PRIVILEGED).contentType(ContentType.JSON)
                .body("{\"hold_id\":\"" + holdId + "\",\"amount\":" + amount + ",\"purpose\":\"compute borrowing\","
                        + "\"ttl_seconds\":" + ttlSeconds + ",\"payee\":\"" + payee + "\"}")
                .when().post("/v1/wallets/" + account + "/holds").then();
    }
}
