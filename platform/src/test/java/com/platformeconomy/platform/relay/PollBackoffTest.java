package com.platformeconomy.platform.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PollBackoffTest {

    private final PollBackoff backoff = new PollBackoff(100, 1_000);

    @Test
    void idlePollsWaitTwiceAsLongUpToTheCeiling() {
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            waits.add(backoff.next(false));
        }
        assertThat(waits).containsExactly(200L, 400L, 800L, 1_000L, 1_000L, 1_000L, 1_000L);
    }

    @Test
    void aPollThatFoundWorkGoesBackToTheMinimum() {
        idle(10);
        assertThat(backoff.next(true)).isEqualTo(100);
        assertThat(backoff.next(true)).as("busy: stays at the poll interval").isEqualTo(100);
        assertThat(backoff.next(false)).as("then doubles from there again").isEqualTo(200);
    }

    @Test
    void aWakeUpWhileSleepingLongAsksForAnEarlierPollAndResetsTheBackoff() {
        idle(10); // sleeping the 1 s ceiling
        assertThat(backoff.wake()).as("bring the poll forward").isTrue();
        assertThat(backoff.wake()).as("once: the next writers change nothing").isFalse();
        // The early poll may run before the work is visible (an outbox row before its commit):
        // the relay keeps polling, from the minimum up, instead of going back to the ceiling.
        assertThat(backoff.next(false)).isEqualTo(100);
        assertThat(backoff.next(false)).isEqualTo(200);
        assertThat(backoff.next(false)).isEqualTo(400);
    }

    @Test
    void aWakeUpWhileAlreadyPollingFastAsksForNothingButStillCounts() {
        assertThat(backoff.next(true)).isEqualTo(100);
        assertThat(backoff.wake()).as("no earlier poll needed: no timer per write").isFalse();
        assertThat(backoff.next(false)).as("the poll that ran may have missed it: poll at the minimum again").isEqualTo(100);
        assertThat(backoff.next(false)).isEqualTo(200);
    }

    @Test
    void aWakeUpDuringAPollIsSeenWhenThatPollEnds() {
        idle(10);
        // The round is running (no timer to bring forward); it found nothing, but a write came meanwhile.
        backoff.wake();
        assertThat(backoff.next(false)).isEqualTo(100);
    }

    @Test
    void aWakeUpAfterThePollEndedIsFreshAgain() {
        idle(10);
        backoff.wake();
        backoff.next(false);
        idle(10);
        assertThat(backoff.wake()).as("a new wake-up after the relay went back to sleep").isTrue();
    }

    @Test
    void minimumAndCeilingMustMakeSense() {
        assertThatThrownBy(() -> new PollBackoff(0, 1_000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PollBackoff(500, 100)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new PollBackoff(100, 100).next(false)).as("a ceiling equal to the minimum: fixed-rate polling").isEqualTo(100);
    }

    private void idle(int polls) {
        for (int i = 0; i < polls; i++) {
            backoff.next(false);
        }
    }
}
