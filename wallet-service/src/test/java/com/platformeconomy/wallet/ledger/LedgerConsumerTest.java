package com.platformeconomy.wallet.ledger;

import static com.platformeconomy.wallet.WalletApi.PRIVILEGED;
import static io.restassured.RestAssured.given;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.platformeconomy.contracts.event.EventCodec;
import com.platformeconomy.contracts.event.Topics;
import com.platformeconomy.stack.LocalStackResource;
import com.platformeconomy.wallet.relay.BillingFixture;
import com.platformeconomy.wallet.stream.BillingStream;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class LedgerConsumerTest {

    @Inject
    BillingFixture billing;

    @Inject
    LedgerConsumer ledger;

    @Test
    void replayingEveryEventThreeTimesChangesNothing() {
        String user = BillingFixture.account("user");
        List<BillingFixture.Moved> moved = new ArrayList<>();
        moved.add(billing.transfer("credit", "platform:treasury", user, 500));
        for (int i = 0; i < 10; i++) {
            moved.add(billing.charge(user, 7));
        }
        Set<String> ids = moved.stream().map(BillingFixture.Moved::eventId).collect(Collectors.toSet());
        Map<String, List<ConsumerRecord<String, String>>> seen =
                BillingFixture.readUntilAll(ids, Duration.ofSeconds(60), Duration.ZERO);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(billing.ledgerRowCount(ids)).isEqualTo(2L * ids.size()));
        long balanceBefore = billing.ledgerBalance(user);

        // The same records three more times, from three concurrent producers.
        List<ProducerRecord<String, String>> again = seen.values().stream().map(records -> records.get(0))
                .map(r -> new ProducerRecord<>(Topics.BILLING_EVENTS, r.key(), r.value())).toList();
        CompletableFuture.allOf(IntStream.range(0, 3)
                .mapToObj(i -> CompletableFuture.runAsync(() -> BillingFixture.publish(again)))
                .toArray(CompletableFuture[]::new)).join();

        await().atMost(Duration.ofSeconds(60)).until(BillingFixture::ledgerConsumedEverything);
        assertThat(billing.ledgerRowCount(ids)).isEqualTo(2L * ids.size());
        assertThat(billing.ledgerBalance(user)).isEqualTo(balanceBefore).isEqualTo(billing.balance(user))
                .isEqualTo(500 - 70);
    }

    @Test
    void aMalformedEventIsSkippedAndTheEventsBehindItAreBooked() {
        String user = BillingFixture.account("user");
        // Same key, so the same partition, ahead of a good event.
        Map<String, String> negative = new HashMap<>(Map.of("type", "debit", "event_id", "neg-" + user, "seq", "999999999",
                "from", user, "to", "platform:revenue", "amount", "-5", "subject", user, "time", "1732435200000"));
        BillingFixture.publish(List.of(
                new ProducerRecord<>(Topics.BILLING_EVENTS, user, "{not json"),
                new ProducerRecord<>(Topics.BILLING_EVENTS, user, "{\"id\":\"no-type\",\"source\":\"/x\",\"data\":{}}"),
                new ProducerRecord<>(Topics.BILLING_EVENTS, user, EventCodec.encode(BillingStream.toEvent(negative)))));
        BillingFixture.Moved good = billing.charge(user, 7);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(billing.ledgerRowCount(Set.of(good.eventId()))).isEqualTo(2));
        assertThat(billing.ledgerRowCount(Set.of("neg-" + user, "no-type"))).isZero();
    }

    @Test
    void aFreeAppsCallIsRelayedButBooksNothing() {
        String user = BillingFixture.account("user");
        BillingFixture.Moved free = billing.charge(user, 0);
        BillingFixture.Moved paid = billing.charge(user, 7);
        assertThat(free.seq()).isZero();

        Map<String, List<ConsumerRecord<String, String>>> seen = BillingFixture.readUntilAll(
                Set.of(free.eventId(), paid.eventId()), Duration.ofSeconds(60), Duration.ZERO);
        assertThat(seen).containsKeys(free.eventId(), paid.eventId());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(billing.ledgerRowCount(Set.of(paid.eventId()))).isEqualTo(2));
        await().atMost(Duration.ofSeconds(30)).until(BillingFixture::ledgerConsumedEverything);
        assertThat(billing.ledgerRowCount(Set.of(free.eventId()))).isZero();
    }

    /**
     * Two more movements under an id the ledger holds (Redis forgot its record twice): each is parked
     * on its own, with its own seq and rows, and counted; neither lands on the other's parked row.
     * Their seqs are those of two real movements (booked under their own ids): every seq stays one
     * the counter has given, so no rebuild of this run numbers past it.
     */
    @Test
    void everyOtherMovementUnderABookedIdIsParkedOnItsOwn() {
        String user = BillingFixture.account("user");
        BillingFixture.Moved first = billing.charge(user, 5);
        BillingFixture.Moved second = billing.charge(user, 6);
        BillingFixture.Moved third = billing.charge(user, 7);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(billing.ledgerRowCount(Set.of(first.eventId(), second.eventId(), third.eventId()))).isEqualTo(6));
        String id = first.eventId();
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (BillingFixture.Moved other : List.of(second, third)) {
            Map<String, String> entry = Map.of("type", "credit", "event_id", id, "seq", Long.toString(other.seq()),
                    "from", "platform:treasury", "to", user, "amount", Long.toString(other.amount() + 100), "subject", user,
                    "time", "1732435200000");
            records.add(new ProducerRecord<>(Topics.BILLING_EVENTS, user, EventCodec.encode(BillingStream.toEvent(entry))));
        }
        BillingFixture.publish(records);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(parkedSeqs(id)).containsExactlyInAnyOrder(second.seq(), third.seq());
        });
        assertThat(billing.ledgerRowCount(Set.of(id))).as("the first movement's rows only").isEqualTo(2);
    }

    /**
     * Two movements under one id the ledger has not seen, in one batch (one INSERT): the first is
     * booked and the second parked, as if they had come in two batches. The second's rows have the
     * keys (event id, side) of rows the same statement inserted, and must not pass for them. The first
     * is a real charge Redis applied without appending it (so the ledger and Redis agree once it is
     * booked); the second names the seq of another real, booked movement, as a re-applied id would.
     */
    @Test
    void twoMovementsUnderANewIdInOneBatchBookTheFirstAndParkTheSecond() {
        String user = BillingFixture.account("user");
        billing.transfer("credit", "platform:treasury", user, 100);
        BillingFixture.Moved other = billing.charge(user, 6);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(billing.ledgerRowCount(Set.of(other.eventId()))).isEqualTo(2));
        String first = billing.unrelayedCharge(user, 5);
        String id = EventCodec.decode(first).id();
        Map<String, String> entry = Map.of("type", "credit", "event_id", id, "seq", Long.toString(other.seq()),
                "from", "platform:treasury", "to", user, "amount", "105", "subject", user, "time", "1732435200000");
        String second = EventCodec.encode(BillingStream.toEvent(entry));

        ledger.book(List.of(first, second)).await().atMost(Duration.ofSeconds(30));

        assertThat(billing.ledgerRows(Set.of(id)).get(id)).as("the first movement's rows only")
                .containsExactlyInAnyOrder(Map.entry(user, -5L), Map.entry("platform:revenue", 5L));
        assertThat(parkedSeqs(id)).containsExactly(other.seq());
        assertThat(billing.ledgerBalance(user)).isEqualTo(billing.balance(user)).isEqualTo(100 - 6 - 5);
    }

    @Test
    void anEventWhoseRowsPostgresRefusesIsSkippedAndTheRestOfItsBatchIsBooked() throws Exception {
        String user = BillingFixture.account("user");
        // An account name PostgreSQL cannot store as text (a NUL character), in the same batch as a good event.
        Map<String, String> poisoned = new HashMap<>(Map.of("type", "credit", "event_id", "nul-" + user, "seq", "1",
                "from", "platform:treasury", "to", user + "\u0000", "amount", "5", "subject", user,
                "time", "1732435200000"));
        String good = billing.unrelayedCharge(user, 7);
        String goodId = EventCodec.decode(good).id();
        BillingFixture.publish(List.of(
                new ProducerRecord<>(Topics.BILLING_EVENTS, user, EventCodec.encode(BillingStream.toEvent(poisoned))),
                new ProducerRecord<>(Topics.BILLING_EVENTS, user, good)));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(billing.ledgerRowCount(Set.of(goodId))).isEqualTo(2));
        assertThat(billing.ledgerRowCount(Set.of("nul-" + user))).isZero();
        assertThat(billing.ledgerBalance(user)).isEqualTo(billing.balance(user)).isEqualTo(-7);
    }

    /**
     * An account too long for the ledger's index (PostgreSQL 54000, index row size exceeds the maximum):
     * refused on every try like bad data, so the event is parked with its event id and seq, which
     * reconciliation counts as parked (left to the consumer skeleton it had neither), and its batch booked.
     */
    @Test
    void anEventTooLargeForTheLedgersIndexIsParkedWithItsSeqAndTheRestOfItsBatchIsBooked() {
        String user = BillingFixture.account("user");
        StringBuilder noise = new StringBuilder();
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 8_000; i++) {
            noise.append((char) ('!' + random.nextInt(90)));
        }
        String id = "huge-" + user;
        Map<String, String> huge = new HashMap<>(Map.of("type", "credit", "event_id", id, "seq", "1",
                "from", "platform:treasury", "to", user + noise, "amount", "5", "subject", user, "time", "1732435200000"));
        String good = billing.unrelayedCharge(user, 7);
        String goodId = EventCodec.decode(good).id();
        BillingFixture.publish(List.of(
                new ProducerRecord<>(Topics.BILLING_EVENTS, user, EventCodec.encode(BillingStream.toEvent(huge))),
                new ProducerRecord<>(Topics.BILLING_EVENTS, user, good)));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(billing.ledgerRowCount(Set.of(goodId))).isEqualTo(2));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(parkedSeqs(id)).containsExactly(1L));
        assertThat(billing.ledgerRowCount(Set.of(id))).isZero();
    }

    /** The seqs of the open parked events under {@code eventId}, as an admin lists them. */
    private static List<Long> parkedSeqs(String eventId) {
        List<Map<String, Object>> parked = given().auth().oauth2(PRIVILEGED).when().get("/v1/admin/parked?open=true")
                .then().statusCode(200).extract().jsonPath().getList("$");
        return parked.stream().filter(p -> eventId.equals(p.get("event_id"))).map(p -> ((Number) p.get("seq")).longValue()).toList();
    }
}
