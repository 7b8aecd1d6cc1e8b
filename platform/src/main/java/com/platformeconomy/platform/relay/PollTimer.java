package com.platformeconomy.platform.relay;

import io.vertx.mutiny.core.Vertx;

/**
 * The timer of a polling relay, written once for the outbox relay and the wallet's billing relay:
 * one poll at a time, each armed by the end of the round before it ({@link #afterRound} with the wait
 * {@link PollBackoff} gives, or {@link #schedule} with a wait of the relay's own, e.g. after a
 * failure), brought forward to the minimum by {@link #wake}, and never armed after {@link #stop}.
 * The relay's poll runs on the Vert.x timer's thread and must arm the next timer when it ends.
 */
public final class PollTimer {

    private final Vertx vertx;
    private final PollBackoff backoff;
    private final Runnable poll;
    private final Object lock = new Object();
    /** The pending poll's timer; -1 while a poll runs (its end arms the next) or before start. Guarded by lock. */
    private long timer = -1;
    /** Set at stop: no timer is armed after it. Guarded by lock. */
    private boolean stopped;

    public PollTimer(Vertx vertx, PollBackoff backoff, Runnable poll) {
        this.vertx = vertx;
        this.backoff = backoff;
        this.poll = poll;
    }

    /** Arms the first poll, after the minimum wait. */
    public void start() {
        schedule(backoff.minMillis());
    }

    /** No poll after this one; a poll still running arms no timer when it ends. */
    public void stop() {
        synchronized (lock) {
            stopped = true;
            if (timer >= 0) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
        }
    }

    /**
     * Work is coming ({@link PollBackoff#wake}): one volatile read once woken since the last poll; a
     * timer is re-armed only when the relay was sleeping a wait longer than the minimum.
     */
    public void wake() {
        if (backoff.wake()) {
            synchronized (lock) {
                // No timer: a poll is running (its end sees the wake-up), or stopped.
                if (!stopped && timer >= 0 && vertx.cancelTimer(timer)) {
                    timer = vertx.setTimer(backoff.minMillis(), this::tick);
                }
            }
        }
    }

    /** Arms the next poll after a round that did, or did not, find work. */
    public void afterRound(boolean foundWork) {
        synchronized (lock) {
            if (!stopped) {
                timer = vertx.setTimer(backoff.next(foundWork), this::tick);
            }
        }
    }

    /** Arms the next poll after {@code delayMillis}, whatever the backoff says. */
    public void schedule(long delayMillis) {
        synchronized (lock) {
            if (!stopped) {
                timer = vertx.setTimer(delayMillis, this::tick);
            }
        }
    }

    private void tick(long id) {
        synchronized (lock) {
            if (id != timer || stopped) {
                return; // replaced by an earlier poll, or stopped
            }
            timer = -1;
        }
        poll.run();
    }
}
