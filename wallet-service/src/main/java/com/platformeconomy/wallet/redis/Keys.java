package com.platformeconomy.wallet.redis;

/**
 * Every Redis key wallet-service uses. Scripts receive them in KEYS, never build them.
 */
public final class Keys {

    /** The billing stream every movement of tokens is appended to; the relay publishes it to Kafka. */
    public static final String BILLING_STREAM = "pes:billing";
    /** Numbers every movement of tokens, in the order Redis applied them. */
    public static final String SEQ = "pes:billing:seq";
    /** Every account that ever held a balance, for reconciliation. */
    public static final String ACCOUNTS = "pes:accounts";
    /** Active holds by expiry time (ms). */
    public static final String HOLD_EXPIRY = "pes:holds:expiry";
    /** Count and total of active holds: {@code count}, {@code total}. */
    public static final String HOLD_STATS = "pes:holds:stats";

    private Keys() {
    }

    /** A hash: {@code balance} and {@code held}, in tokens. */
    public static String wallet(String account) {
        return "pes:wallet:" + account;
    }

    /** The idempotency record of an event: its fingerprint and first outcome, kept for the window. */
    public static String event(String eventId) {
        return "pes:event:" + eventId;
    }

    /** An app's catalog entry, as app.catalog last said (hash). */
    public static String app(String appId) {
        return "pes:app:" + appId;
    }

    /** A developer's running total of earned shares ("imperal:developer:earnings:{dev_id}" in the seed). */
    public static String developerEarnings(String developerId) {
        return "pes:developer:earnings:" + developerId;
    }

    /** A hold (hash): account, amount, purpose, payee, state, expires_at. */
    public static String hold(String holdId) {
        return "pes:hold:" + holdId;
    }
}
