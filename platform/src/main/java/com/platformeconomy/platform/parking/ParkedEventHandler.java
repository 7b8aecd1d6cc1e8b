package com.platformeconomy.platform.parking;

import io.smallrye.mutiny.Uni;

/**
 * What applies a parked event of one channel again when an admin replays it: the consumer's own
 * logic, idempotent on the event id as every consumer of the suite is. A failure leaves the event
 * parked with the new reason. A service declares one {@code @ApplicationScoped} bean per channel
 * it parks events of.
 */
public interface ParkedEventHandler {

    /** The channel whose events this handler applies (the consumer's incoming channel name). */
    String channel();

    /** Applies {@code payload} as the consumer would have; fails when it still cannot. */
    Uni<Void> apply(String payload);
}
