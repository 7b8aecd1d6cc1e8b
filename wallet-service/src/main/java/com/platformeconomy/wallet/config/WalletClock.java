package com.platformeconomy.wallet.config;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The wallet's wall clock, against which Redis' clock is measured (redis/RedisClock): one bean, so a
 * test can run the wallet's time apart from Redis' (the one clock a test cannot move).
 */
public class WalletClock {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
