package com.platformeconomy.wallet.config;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The wallet's clock for the deadline every movement carries to Redis and for measuring how far
 * Redis' clock is from it (redis/RedisClock): one bean, so a test can run the wallet's time apart
 * from Redis' (the one clock a test cannot move).
 */
public class WalletClock {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
