package com.platformeconomy.platform.relay;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How long a polling relay waits before its next poll: the rule the outbox relay and the wallet's
 * billing relay share, so an idle service costs almost nothing and a busy one still relays at once.
 *
 * <ul>
 *   <li>A poll that found work: the next one comes after {@code minMillis} (the poll interval).</li>
 *   <li>A poll that found nothing: the next one waits twice as long as the last wait, up to
 *       {@code maxMillis} (the idle ceiling): min, 2×min, 4×min, … max, max, …</li>
 *   <li>{@link #wake()}: a writer in the same JVM says work is coming. The next wait is the minimum
 *       again and the doubling starts over from there, so work that becomes visible a little later
 *       (an outbox row at its commit) is still found within a few short polls.</li>
 * </ul>
 *
 * <p>Pure and clock-free: it only computes delays; the relay owns the timer. {@link #next} is called
 * by the relay, one round at a time; {@link #wake} by any thread, and costs one volatile read once
 * the relay has been woken since its last poll (the case of every write but the first of a burst).
 */
public final class PollBackoff {

    private static final long WOKEN = 1;

    private final long minMillis;
    private final long maxMillis;
    /**
     * The wait {@link #next} returned last (the one the relay is sleeping, or about to sleep),
     * shifted left by one, with bit 0 set once {@link #wake} was called since. One word, so a
     * wake-up racing a {@link #next} is either seen by it or sees the wait it chose: never lost.
     */
    private final AtomicLong state = new AtomicLong();

    public PollBackoff(long minMillis, long maxMillis) {
        if (minMillis < 1 || maxMillis < minMillis) {
            throw new IllegalArgumentException("need 1 <= min <= max, got min " + minMillis + ", max " + maxMillis);
        }
        this.minMillis = minMillis;
        this.maxMillis = maxMillis;
        this.state.set(minMillis << 1);
    }

    /**
     * The wait before the next poll, given whether the poll that just ended found work. A wake-up
     * since the previous call counts as work: that poll may have run before the work was visible.
     */
    public long next(boolean foundWork) {
        while (true) {
            long current = state.get();
            long next = foundWork || (current & WOKEN) != 0 ? minMillis : Math.min(maxMillis, (current >>> 1) * 2);
            if (state.compareAndSet(current, next << 1)) {
                return next;
            }
        }
    }

    /**
     * Work is coming: the next wait is the minimum. True when the relay may be sleeping a longer wait
     * right now, so the caller should bring its next poll forward to {@link #minMillis()}; false when
     * the relay is already polling at the minimum or another wake-up since its last poll said so.
     */
    public boolean wake() {
        while (true) {
            long current = state.get();
            if ((current & WOKEN) != 0) {
                return false; // already woken since the last poll: the hot path, one volatile read
            }
            if (state.compareAndSet(current, current | WOKEN)) {
                return (current >>> 1) > minMillis;
            }
        }
    }

    /** The wait after a poll that found work: the relay's poll interval. */
    public long minMillis() {
        return minMillis;
    }

    /** The longest wait, reached after enough polls in a row found nothing. */
    public long maxMillis() {
        return maxMillis;
    }
}
