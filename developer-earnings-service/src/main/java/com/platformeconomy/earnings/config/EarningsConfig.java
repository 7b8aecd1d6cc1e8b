package com.platformeconomy.earnings.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;

/** developer-earnings-service's settings, with the source document's defaults (seeds/002). */
@ConfigMapping(prefix = "earnings")
public interface EarningsConfig {

    /** The platform fee added to a paid app's base price, in tokens, unless an admin set one for the app. */
    @WithDefault("2")
    long defaultPlatformFee();

    /** USD per token at payout time ("$0.001 per token = $1 per 1000 tokens"). */
    @WithDefault("0.001")
    BigDecimal usdPerToken();
}
