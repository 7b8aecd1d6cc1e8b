package com.platformeconomy.earnings.developer;

import com.platformeconomy.platform.state.Lifecycle;
import java.util.Set;

/** A tier purchase's state: pending while the wallet is asked, then completed (paid) or refused (insufficient balance); both final. */
public enum TierPurchaseState implements Lifecycle<TierPurchaseState> {
    PENDING("pending"),
    COMPLETED("completed"),
    REFUSED("refused");

    private final String wire;

    TierPurchaseState(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    /** The allowed transitions, all of them. */
    @Override
    public Set<TierPurchaseState> next() {
        return switch (this) {
            case PENDING -> Set.of(COMPLETED, REFUSED);
            case COMPLETED -> Set.of();
            case REFUSED -> Set.of();
        };
    }

    public static TierPurchaseState of(String wire) {
        return Lifecycle.of(TierPurchaseState.class, wire);
    }
}
