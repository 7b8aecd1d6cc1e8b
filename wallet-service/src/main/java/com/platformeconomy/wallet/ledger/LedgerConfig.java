package com.platformeconomy.wallet.ledger;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The ledger consumer's settings (its Kafka channel is {@code mp.messaging.incoming.billing-ledger.*}). */
@ConfigMapping(prefix = "wallet.ledger")
public interface LedgerConfig {

    /** First pause before a batch whose insert failed (PostgreSQL unreachable) is tried again. */
    @WithDefault("PT0.2S")
    Duration retryBackoff();

    /** Longest pause between tries of a failed batch; it is tried until it succeeds. */
    @WithDefault("PT10S")
    Duration maxRetryBackoff();
}
