package com.platformeconomy.revenue.config;

import com.platformeconomy.contracts.money.PoolSplit;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The 90/9/1 pool split from configuration (revenue.users-percent, .infra-percent,
 * .central-percent), made at start: percentages that do not add up to 100 stop the service
 * before any period is distributed.
 */
@Singleton
public class RevenuePools {

    @Produces
    @Singleton
    @Startup
    PoolSplit poolSplit(RevenueConfig config) {
        return new PoolSplit(config.usersPercent(), config.infraPercent(), config.centralPercent());
    }
}
