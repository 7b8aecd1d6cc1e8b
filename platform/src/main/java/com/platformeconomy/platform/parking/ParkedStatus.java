package com.platformeconomy.platform.parking;

import com.platformeconomy.platform.state.Lifecycle;
import java.util.Set;

/** A parked event's life cycle: parked → replayed (a failed replay leaves it parked). */
public enum ParkedStatus implements Lifecycle<ParkedStatus> {
    PARKED("parked"),
    REPLAYED("replayed");

    private final String wire;

    ParkedStatus(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    @Override
    public Set<ParkedStatus> next() {
        return switch (this) {
            case PARKED -> Set.of(REPLAYED);
            case REPLAYED -> Set.of();
        };
    }

    public static ParkedStatus of(String wire) {
        return Lifecycle.of(ParkedStatus.class, wire);
    }
}
