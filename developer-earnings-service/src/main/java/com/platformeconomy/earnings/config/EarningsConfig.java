package com.platformeconomy.earnings.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;

/** developer-earnings-service's settings, with the source document's defaults (seeds/002). */
@ConfigMapping(prefix = "earnings")
public interface EarningsConfig {

    /** The platform fee added to a paid app's base price, in tokens, unless an admin set one for the app. */
    @WithDefault("2")
    long defaultPlatformFee();

    /** USD per token at payout time ("$0.001 per token = $1 per 1000 tokens"). */
    @WithDefault("0.001")
    BigDecimal usdPerToken();

    /** Where wallet-service answers; tier purchases debit the developer's wallet there. */
    @WithDefault("http://127.0.0.1:8081")
    URI walletUrl();

    /**
     * How long a tier purchase stays pending before the re-drive sends its debit again: longer than
     * its first attempt (the wallet client's retries, the key's 30 s lease).
     */
    @WithDefault("PT2M")
    Duration tierRedriveAfter();

    /**
     * How long the re-drive keeps sending a pending purchase's debit: an older one (the wallet
     * refused it all that time, or it was pending before) waits for its developer's retry.
     */
    @WithDefault("P7D")
    Duration tierRedriveWithin();

    /** How long a bought or admin-granted tier lasts ("tokens / year"). */
    @WithDefault("P365D")
    Duration tierValidity();

    /** The developer's percentage at the explorer tier (default, free, automatic at signup). */
    @WithDefault("70")
    int explorerSplitDev();

    /** The developer's percentage at the indie tier. */
    @WithDefault("80")
    int indieSplitDev();

    /** The indie tier's annual cost in tokens. */
    @WithDefault("9000")
    long indieAnnualCost();

    /** The developer's percentage at the studio tier. */
    @WithDefault("85")
    int studioSplitDev();

    /** The studio tier's annual cost in tokens. */
    @WithDefault("29000")
    long studioAnnualCost();

    /** The developer's percentage at the partner tier (admin-promoted). */
    @WithDefault("95")
    int partnerSplitDev();

    /** The partner tier's annual cost in tokens (set by an admin, not debited by this service). */
    @WithDefault("79000")
    long partnerAnnualCost();
}
