package com.platformeconomy.wallet.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.platformeconomy.wallet.redis.RedisClock.Reading;
import com.platformeconomy.wallet.redis.RedisClock.Readings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * When the wallet's readings of Redis' clock can set a movement's deadline, and what it is: never
 * with a node unread, a reading gone stale or a clock past the tolerance; otherwise in the
 * most-behind node's time, advanced by the wallet's monotonic clock.
 */
class RedisClockReadingsTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long STALE_AFTER = 30 * SECOND;
    private static final long TOLERANCE = 30_000;

    private static Map<String, Optional<Reading>> answers(Object... masterAndReading) {
        Map<String, Optional<Reading>> answers = new LinkedHashMap<>();
        for (int i = 0; i < masterAndReading.length; i += 2) {
            answers.put((String) masterAndReading[i], Optional.ofNullable((Reading) masterAndReading[i + 1]));
        }
        return answers;
    }

    @Test
    void noReadingNoDeadline() {
        assertThat(Readings.NONE.unusable(0, STALE_AFTER, TOLERANCE)).hasValueSatisfying(why -> assertThat(why).contains("not been read"));
        Readings oneUnread = Readings.NONE.next(answers("a:1", new Reading(1_000_000, 0, 0), "b:2", null));
        assertThat(oneUnread.unusable(SECOND, STALE_AFTER, TOLERANCE)).hasValueSatisfying(why -> assertThat(why).contains("b:2"));
    }

    @Test
    void aFailedReadingKeepsTheLastOnlyUntilItIsStale() {
        Readings read = Readings.NONE.next(answers("a:1", new Reading(1_000_000, 0, -50)));
        Readings failed = read.next(answers("a:1", null));
        assertThat(failed.unusable(29 * SECOND, STALE_AFTER, TOLERANCE)).isEmpty();
        assertThat(failed.unusable(31 * SECOND, STALE_AFTER, TOLERANCE))
                .hasValueSatisfying(why -> assertThat(why).contains("a:1").contains("last read 31000 ms ago"));
        // A master gone from the slot map (failed over) is no longer asked, nor counted.
        Readings afterFailover = failed.next(answers("c:3", new Reading(2_000_000, 31 * SECOND, 0)));
        assertThat(afterFailover.unusable(31 * SECOND, STALE_AFTER, TOLERANCE)).isEmpty();
    }

    @Test
    void aClockPastTheToleranceIsRefusedEitherWay() {
        assertThat(Readings.NONE.next(answers("a:1", new Reading(0, 0, 30_001))).unusable(0, STALE_AFTER, TOLERANCE))
                .hasValueSatisfying(why -> assertThat(why).contains("30001 ms ahead of"));
        assertThat(Readings.NONE.next(answers("a:1", new Reading(0, 0, -30_001))).unusable(0, STALE_AFTER, TOLERANCE))
                .hasValueSatisfying(why -> assertThat(why).contains("30001 ms behind"));
        assertThat(Readings.NONE.next(answers("a:1", new Reading(0, 0, 30_000))).unusable(0, STALE_AFTER, TOLERANCE)).isEmpty();
    }

    @Test
    void theDeadlineIsInTheMostBehindNodesTime() {
        // a:1 read Redis at 1,000,000 ms at t = 0; b:2 read 999,000 ms at t = 2 s (its clock 3 s behind a's).
        Readings readings = Readings.NONE.next(answers("a:1", new Reading(1_000_000, 0, 0), "b:2", new Reading(999_000, 2 * SECOND, -3_000)));
        assertThat(readings.redisMillisAt(5 * SECOND)).isEqualTo(1_002_000); // b: 999,000 + 3 s; a would say 1,005,000
        assertThat(readings.farthestOffset()).isEqualTo(-3_000);
        assertThat(Readings.NONE.farthestOffset()).isNaN();
    }

    @Test
    void aReadingCountsRedisTimeFromTheAnswerAndTheOffsetFromTheMidpoint() {
        // TIME answered 1,700,000,000 s and 250,000 µs; asked at wall 1,700,000,000,100 ms, answered 40 ms later.
        io.vertx.redis.client.Response time = io.vertx.redis.client.impl.types.MultiType.create(2, false);
        ((io.vertx.redis.client.impl.types.MultiType) time).add(io.vertx.redis.client.impl.types.BulkType.create(
                io.vertx.core.buffer.Buffer.buffer("1700000000"), false));
        ((io.vertx.redis.client.impl.types.MultiType) time).add(io.vertx.redis.client.impl.types.BulkType.create(
                io.vertx.core.buffer.Buffer.buffer("250000"), false));
        Reading reading = RedisClock.reading(io.vertx.mutiny.redis.client.Response.newInstance(time), 10 * SECOND,
                10 * SECOND + 40_000_000, 1_700_000_000_100L, 1_700_000_000_140L);
        assertThat(reading.redisMillis()).isEqualTo(1_700_000_000_250L);
        // Redis' time as of the answer's arrival: never ahead of Redis' real time, however slow the answer.
        assertThat(reading.atNanos()).isEqualTo(10 * SECOND + 40_000_000);
        assertThat(reading.offsetMillis()).isEqualTo(130); // 250 − the midpoint 120
        assertThat(reading.redisMillisAt(11 * SECOND + 40_000_000)).isEqualTo(1_700_000_001_250L);
    }

    @Test
    void anOlderRoundEndingLateAddsNewerReadingsButNotItsMap() {
        // Round 1 asked a:1 and b:2 (b:2 frozen: it ends late); round 2 began later, b:2 gone from its map (failed).
        Readings second = Readings.NONE.next(2, answers("a:1", new Reading(1_000_000, 5 * SECOND, 0), "c:3", new Reading(1_000_000, 5 * SECOND, 0)));
        Readings late = second.next(1, answers("a:1", new Reading(999_000, 4 * SECOND, 0), "b:2", null));
        assertThat(late.byNode().keySet()).as("the newer round's map").containsExactly("a:1", "c:3");
        assertThat(late.byNode().get("a:1")).as("the newer reading kept").hasValueSatisfying(r -> assertThat(r.atNanos()).isEqualTo(5 * SECOND));
        assertThat(late.unusable(6 * SECOND, STALE_AFTER, TOLERANCE)).isEmpty();
        // An older round's reading that arrived later than the kept one is taken.
        Readings fresher = second.next(1, answers("a:1", new Reading(1_001_500, 6 * SECOND, 0)));
        assertThat(fresher.byNode().get("a:1")).hasValueSatisfying(r -> assertThat(r.atNanos()).isEqualTo(6 * SECOND));
        assertThat(fresher.byNode().keySet()).containsExactly("a:1", "c:3");
        // A newer round's map replaces it; a node it did not get an answer from keeps its newest reading.
        Readings third = fresher.next(3, answers("a:1", null, "d:4", new Reading(1_002_000, 7 * SECOND, 0)));
        assertThat(third.byNode().keySet()).containsExactly("a:1", "d:4");
        assertThat(third.byNode().get("a:1")).hasValueSatisfying(r -> assertThat(r.atNanos()).isEqualTo(6 * SECOND));
    }
}
