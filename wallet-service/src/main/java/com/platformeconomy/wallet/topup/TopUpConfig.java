package com.platformeconomy.wallet.topup;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

/** Top-up settings (SPEC §3, §10): the price, the limits, the payment provider and the saga's recovery. */
@ConfigMapping(prefix = "wallet.topup")
public interface TopUpConfig {

    /** Which provider takes the payments: {@code stripe}, or {@code sandbox} (dev and test profiles only). */
    @WithDefault("stripe")
    String gateway();

    /** USD per token: the seed's topup_rate, $1 per 1000 tokens. */
    @WithDefault("0.001")
    BigDecimal rate();

    /** The currency payments are taken in (ISO 4217, lower case as Stripe writes it). */
    @WithDefault("usd")
    String currency();

    /** Digits of the currency's smallest unit (2: cents). A price must be a whole number of them. */
    @WithDefault("2")
    int minorUnitDigits();

    /** The smallest top-up, in tokens: 500 = $0.50, Stripe's minimum charge in USD. */
    @WithDefault("500")
    long minTokens();

    /** The largest single top-up, in tokens ($1,000 at the default rate). */
    @WithDefault("1000000")
    long maxTokens();

    /**
     * The most one account may top up per UTC day, in tokens: every top-up not failed, and a failed one
     * the owner started itself once a payment was created for it (TopUpSaga.start).
     */
    @WithDefault("2000000")
    long dailyMaxTokens();

    /** How often recovery looks for unfinished sagas that are due. */
    @WithDefault("10s")
    String recoveryInterval();

    /** How many due sagas one recovery pass takes. */
    @WithDefault("100")
    int recoveryBatch();

    /** The wait after a saga's first failed step; it doubles with each failure in a row. */
    @WithDefault("PT5S")
    Duration retryBackoff();

    /** The longest wait between two attempts of a failing saga. */
    @WithDefault("PT10M")
    Duration retryBackoffMax();

    /** An unpaid top-up's PaymentIntent is cancelled after this long (Stripe retries webhooks for 3 days). */
    @WithDefault("P4D")
    Duration paymentTimeout();

    /** A saga unfinished (paid, but neither credited nor refunded) for longer than this counts as stuck. */
    @WithDefault("PT1H")
    Duration stuckAfter();

    /** Stripe: the account's keys and where its API is. */
    Stripe stripe();

    interface Stripe {
        /** The secret API key ({@code sk_live_…}); required when the gateway is stripe. */
        Optional<String> secretKey();

        /** The webhook endpoint's signing secret ({@code whsec_…}); required when the gateway is stripe. */
        Optional<String> webhookSecret();

        /**
         * Whether tokens are real here, so payments are Stripe's live mode: the secret key must be a live one
         * ({@code sk_live_…}, {@code rk_live_…}) and a PaymentIntent read back in test mode credits nothing. A
         * test-mode key takes test cards, whose payments Stripe signs and reads back succeeded, with no money
         * moved. {@code false} (test keys only) where tokens are play money: pes-dev, development, tests.
         */
        @WithDefault("true")
        boolean live();

        /** How old a webhook's signed timestamp may be (replays of older ones are refused). */
        @WithDefault("PT5M")
        Duration webhookTolerance();

        /** Stripe's API base; only tests point it elsewhere. */
        @WithDefault("https://api.stripe.com")
        String apiBase();

        /** stripe-java's own retries of a request that failed on the network (with the same idempotency key). */
        @WithDefault("2")
        int maxNetworkRetries();

        @WithDefault("PT10S")
        Duration timeout();
    }
}
