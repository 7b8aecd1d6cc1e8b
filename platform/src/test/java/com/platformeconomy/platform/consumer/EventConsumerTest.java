package com.platformeconomy.platform.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.platformeconomy.contracts.event.ForeignSourceException;
import com.platformeconomy.contracts.event.MalformedEventException;
import com.platformeconomy.contracts.event.Topics;
import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The consumer skeleton: what is parked, what is told, what is retried, and what is applied. */
class EventConsumerTest {

    private final List<String> parked = new ArrayList<>();
    private final List<String> told = new ArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Parking parking = (channel, key, payload, reason) -> {
        parked.add(payload + " -> " + reason);
        return Uni.createFrom().voidItem();
    };

    /** "ok:N" reads as N; "skip" is not for this consumer; "foreign" another identity's; anything else unreadable. */
    private static Integer read(String payload) {
        if (payload.startsWith("ok:")) {
            return Integer.parseInt(payload.substring(3));
        }
        if (payload.equals("skip")) {
            return null;
        }
        if (payload.equals("foreign")) {
            throw new ForeignSourceException(Topics.BILLING_EVENTS, "/somebody");
        }
        if (payload.equals("bug")) {
            throw new IllegalStateException("a reader's surprise");
        }
        throw new MalformedEventException("not a number event");
    }

    private EventConsumer<Integer> consumer(Retry retry) {
        return EventConsumer.of("test", EventConsumerTest::read, parking, retry, registry)
                .whenRefused(payload -> {
                    told.add(payload);
                    return Uni.createFrom().voidItem();
                });
    }

    private double count(String outcome) {
        var counter = registry.find("consumer.events").tags("channel", "test", "outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aBatchParksWhatCannotBeReadAppliesTheRestOnceAndSkipsWhatIsNotItsOwn() {
        List<List<Integer>> applied = new ArrayList<>();
        consumer(Retry.UNTIL_APPLIED).batch(List.of("ok:1", "garbage", "skip", "foreign", "ok:2", "bug", ""), events -> {
            applied.add(events);
            return Uni.createFrom().voidItem();
        }).await().atMost(Duration.ofSeconds(5));

        assertThat(applied).containsExactly(List.of(1, 2));
        assertThat(parked).hasSize(4);
        assertThat(parked.get(0)).startsWith("garbage -> unreadable: ");
        assertThat(parked.get(1)).startsWith("foreign -> refused: ").contains("/somebody");
        assertThat(parked.get(2)).startsWith("bug -> unreadable: IllegalStateException");
        // The requester hears of what was refused, except of what another identity wrote.
        assertThat(told).containsExactly("garbage", "bug", "");
        assertThat(count("applied")).isEqualTo(2);
        assertThat(count("skipped")).isEqualTo(1);
        assertThat(count("parked")).isEqualTo(4);
    }

    /**
     * A batch the database refuses as it is (one event's NUL fails the whole statement) is applied again
     * one event at a time: the one refused is parked with the database's reason, the rest applied,
     * under UNTIL_APPLIED too, which would otherwise retry the batch, and hold the channel, for ever.
     */
    @Test
    void aBatchTheDatabaseRefusesIsAppliedOneByOneAndOnlyTheRefusedEventParked() {
        List<List<Integer>> applied = new ArrayList<>();
        AtomicInteger attempts = new AtomicInteger();
        consumer(Retry.UNTIL_APPLIED).batch(List.of("ok:1", "ok:13", "ok:2"), events -> {
            attempts.incrementAndGet();
            if (events.contains(13)) {
                return Uni.createFrom().failure(new java.util.concurrent.CompletionException(new io.vertx.pgclient.PgException(
                        "invalid byte sequence for encoding \"UTF8\": 0x00", "ERROR", "22021", null)));
            }
            applied.add(events);
            return Uni.createFrom().voidItem();
        }).await().atMost(Duration.ofSeconds(5));

        assertThat(applied).containsExactly(List.of(1), List.of(2));
        assertThat(attempts).hasValue(4);
        assertThat(parked).containsExactly("ok:13 -> PostgreSQL refuses it (SQLSTATE 22021): invalid byte sequence for encoding \"UTF8\": 0x00");
        assertThat(told).containsExactly("ok:13");
        assertThat(count("applied")).isEqualTo(2);
        assertThat(count("parked")).isEqualTo(1);
    }

    @Test
    void aRefusalIsParkedWithItsCodeAndNeverRetried() {
        AtomicInteger tries = new AtomicInteger();
        consumer(Retry.UNTIL_APPLIED).one("ok:5", n -> {
            tries.incrementAndGet();
            return Uni.createFrom().failure(new ApiException(ErrorCode.EVENT_ID_REUSED, "held by another movement"));
        }).await().atMost(Duration.ofSeconds(5));

        assertThat(tries).hasValue(1);
        assertThat(parked).containsExactly("ok:5 -> refused (event_id_reused): held by another movement");
        assertThat(told).containsExactly("ok:5");
    }

    /**
     * Parking is retried as the policy says, for a single record as for a batch: before, a parking
     * that failed once (its database away) failed the record, and a channel whose failure strategy
     * acknowledges anyway (wallet's catalog) lost it, neither parked nor counted.
     */
    @Test
    void aParkingThatFailsIsRetriedForASingleRecordToo() {
        AtomicInteger attempts = new AtomicInteger();
        Parking flaky = (channel, key, payload, reason) -> attempts.incrementAndGet() % 3 != 0
                ? Uni.createFrom().failure(new IllegalStateException("parking's database away"))
                : parking.park(channel, key, payload, reason);
        EventConsumer<Integer> consumer = EventConsumer.of("test", EventConsumerTest::read, flaky, Retry.UNTIL_APPLIED, registry);

        consumer.one("garbage", n -> Uni.createFrom().voidItem()).await().atMost(Duration.ofSeconds(10));
        consumer.one("ok:5", n -> Uni.createFrom().failure(new ApiException(ErrorCode.EVENT_ID_REUSED, "held by another movement")))
                .await().atMost(Duration.ofSeconds(10));

        assertThat(parked).containsExactly("garbage -> unreadable: not a number event",
                "ok:5 -> refused (event_id_reused): held by another movement");
        assertThat(attempts).hasValue(6);
        assertThat(count("parked")).isEqualTo(2);
    }

    @Test
    void aFailureThatMayPassIsRetriedUntilApplied() {
        AtomicInteger tries = new AtomicInteger();
        consumer(Retry.UNTIL_APPLIED).one("ok:5", n -> tries.incrementAndGet() < 3
                ? Uni.createFrom().failure(new IllegalStateException("database away"))
                : Uni.createFrom().voidItem()).await().atMost(Duration.ofSeconds(10));

        assertThat(tries).hasValue(3);
        assertThat(parked).isEmpty();
        assertThat(count("applied")).isEqualTo(1);
    }

    @Test
    void aRefusalItsCodeCallsTransientIsRetriedNotParked() {
        AtomicInteger tries = new AtomicInteger();
        consumer(Retry.UNTIL_APPLIED).one("ok:5", n -> tries.incrementAndGet() < 2
                ? Uni.createFrom().failure(new ApiException(ErrorCode.LEDGER_BEHIND, "the ledger is catching up"))
                : Uni.createFrom().voidItem()).await().atMost(Duration.ofSeconds(10));

        assertThat(tries).hasValue(2);
        assertThat(parked).isEmpty();
    }

    @Test
    void aReplayReadsStrictlyAndFailsWhileTheRecordStillCannotBeRead() {
        EventConsumer<Integer> consumer = consumer(Retry.THEN_FAIL);
        assertThatThrownBy(() -> consumer.replayHandler(n -> Uni.createFrom().voidItem()).apply("foreign")
                .await().atMost(Duration.ofSeconds(5))).isInstanceOf(ForeignSourceException.class);
        List<Integer> applied = new ArrayList<>();
        consumer.replayHandler(n -> {
            applied.add(n);
            return Uni.createFrom().voidItem();
        }).apply("ok:9").await().atMost(Duration.ofSeconds(5));
        assertThat(applied).containsExactly(9);
        assertThat(parked).isEmpty();
    }
}
