package com.platformeconomy.wallet.hold;

import com.platformeconomy.platform.state.Lifecycle;
import java.util.Set;

/** A hold's state, kept in its Redis hash and moved by hold.lua / settle_hold.lua (which refuse a move out of any state but active with not_active): active → captured, released or expired; refused (the reservation found too little) and the three endings are final. */
public enum HoldState implements Lifecycle<HoldState> {
    ACTIVE("active"),
    REFUSED("refused"),
    CAPTURED("captured"),
    RELEASED("released"),
    EXPIRED("expired");

    private final String wire;

    HoldState(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    /** The allowed transitions, all of them. */
    @Override
    public Set<HoldState> next() {
        return switch (this) {
            case ACTIVE -> Set.of(CAPTURED, RELEASED, EXPIRED);
            case REFUSED -> Set.of();
            case CAPTURED -> Set.of();
            case RELEASED -> Set.of();
            case EXPIRED -> Set.of();
        };
    }

    public static HoldState of(String wire) {
        return Lifecycle.of(HoldState.class, wire);
    }
}
