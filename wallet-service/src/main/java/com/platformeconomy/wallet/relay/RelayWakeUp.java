package com.platformeconomy.wallet.relay;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The wake-up call from the billing stream's writers to its relay. {@link com.platformeconomy.wallet.redis.LuaScripts}
 * calls {@link #wake()} after every script that appends to the stream; {@link BillingRelay} listens and, if it
 * is sleeping a long idle wait, polls at its poll interval instead. A bean of its own so that the writers need
 * not depend on the relay, which depends on them (it runs its trim and claim scripts through LuaScripts).
 */
@ApplicationScoped
public class RelayWakeUp {

    private static final Runnable NOBODY = () -> { };

    private volatile Runnable listener = NOBODY;

    /** Entries were just appended to the billing stream. Called on every charge: one volatile read here, no allocation. */
    public void wake() {
        listener.run();
    }

    /** Who is told; the relay registers itself when it starts (a disabled relay does not). */
    void listen(Runnable listener) {
        this.listener = listener;
    }
}
