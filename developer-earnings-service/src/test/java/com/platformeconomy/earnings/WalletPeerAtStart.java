package com.platformeconomy.earnings;

import com.platformeconomy.earnings.wallet.WalletClient;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Every payout reads the developer's wallet (SPEC §10: no payout while it owes the wallet), so every
 * test of this service runs with the real wallet-service beside it ({@link WalletPeer}), started once
 * per test JVM when the application starts.
 */
@ApplicationScoped
class WalletPeerAtStart {

    void start(@Observes StartupEvent started, WalletClient client) {
        WalletPeer.start(client);
    }
}
