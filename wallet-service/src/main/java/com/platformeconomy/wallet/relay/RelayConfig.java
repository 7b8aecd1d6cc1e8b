package com.platformeconomy.wallet.relay;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The billing-stream relay's settings (SPEC §3 "Relay"). */
@ConfigMapping(prefix = "wallet.relay")
public interface RelayConfig {

    /** Whether this instance relays the billing stream to Kafka. */
    @WithDefault("true")
    boolean enabled();

    /** The Redis consumer group every relay replica reads the stream in. */
    @WithDefault("wallet-relay")
    String group();

    /** This replica's name in the group; a stable name (the pod's) lets a restart pick up its own pending entries at once. */
    @WithDefault("wallet-relay")
    String consumer();

    /** Entries read, published and acknowledged together. */
    @WithDefault("500")
    int batchSize();

    /**
     * Pause before the next poll after one that found entries, and the first pause after a wake-up
     * (a script appended to the stream): the shortest. Polls are a timer, not a blocking read that
     * would hold a pooled connection.
     */
    @WithDefault("PT0.05S")
    Duration pollInterval();

    /**
     * Longest pause between polls of an idle stream: each poll that finds nothing doubles the pause,
     * from {@link #pollInterval()} up to this. Bounds how late an entry nobody woke the relay for
     * (written by another replica, or by hand) is relayed. 5 s: an idle wallet polled every second
     * for nothing (issue #18, idle services), and every entry the replica's own scripts append wakes it.
     */
    @WithDefault("PT5S")
    Duration idlePollInterval();

    /** Batches relayed back to back before the relay ends its round and waits for the next poll. */
    @WithDefault("20")
    int maxBatchesPerPoll();

    /**
     * An entry read but not acknowledged for this long belongs to a relay that died: it is claimed
     * and published again. Longer than the delivery timeout, so a live relay's batch still waiting
     * for Kafka is not published a second time by another replica.
     */
    @WithDefault("PT3M")
    Duration claimMinIdle();

    /** How often pending entries of dead relays are looked for. */
    @WithDefault("PT30S")
    Duration claimInterval();

    /** How often the relay-lag gauge is refreshed. */
    @WithDefault("PT5S")
    Duration lagInterval();

    /** Kafka producer: how long a record may take to be acknowledged, retries included; the relay waits that long before it re-reads. */
    @WithDefault("PT2M")
    Duration deliveryTimeout();

    /** Kafka producer: how long one request waits for the broker before it is retried. */
    @WithDefault("PT30S")
    Duration requestTimeout();

    /** Kafka producer: how long a send may wait for topic metadata (the broker unreachable). */
    @WithDefault("PT10S")
    Duration maxBlock();
}
