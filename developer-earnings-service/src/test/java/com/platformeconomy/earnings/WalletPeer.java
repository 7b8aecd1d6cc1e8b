package com.platformeconomy.earnings;

import com.platformeconomy.earnings.wallet.WalletClient;
import com.platformeconomy.stack.RunningService;
import java.net.URI;
import java.util.Map;

/**
 * The real wallet-service, run once per test JVM from its packaged jar against the same stack,
 * with this service's wallet client pointed at it; tests fund and read it with {@code Wallets.at(url)}.
 */
public final class WalletPeer {

    private static RunningService wallet;

    private WalletPeer() {
    }

    public static synchronized String start(WalletClient client) {
        if (wallet == null) {
            // The dev profile, as ./suite up runs it: production refuses to start without Stripe's keys.
            wallet = RunningService.start("wallet-service", Map.of("quarkus.profile", "dev"));
        }
        client.useBaseUri(URI.create(wallet.url()));
        return wallet.url();
    }
}
