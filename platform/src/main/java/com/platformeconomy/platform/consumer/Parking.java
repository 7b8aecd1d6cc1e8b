package com.platformeconomy.platform.consumer;

import io.smallrye.mutiny.Uni;

/**
 * Where a consumer puts an event it cannot apply, with its reason (SPEC §10 "Nothing is dropped
 * silently"). The PostgreSQL services park in platform's {@link com.platformeconomy.platform.parking.ParkingLot};
 * wallet-service in its own {@code ParkedEvents}.
 */
@FunctionalInterface
public interface Parking {

    /** Parks {@code payload} of {@code channel}; {@code key} (an event id) may be null. */
    Uni<Void> park(String channel, String key, String payload, String reason);
}
