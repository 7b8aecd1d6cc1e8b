package com.platformeconomy.wallet.redis;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every Redis key wallet-service uses. Scripts receive them in KEYS, never build them (but for the
 * wallet prefix that reconciliation's snapshot and rebuild append account ids to).
 *
 * <p>On one Redis node the keys are {@code pes:…}, as they always were. On a Redis Cluster
 * ({@code quarkus.redis.client-type=cluster}) every key carries one hash tag, {@code pes:{w}:…}, so
 * that every script, whose keys must share one hash slot there, runs; the wallet then lives on one
 * master of the cluster, with a replica that takes over when it fails. Spreading accounts over the
 * masters (a tag per bucket of accounts) is the next step, docs/scaling.md.
 */
@Singleton
public class Keys {

    /** The prefix on one node. */
    public static final String STANDALONE = "pes:";
    /** The prefix on a Redis Cluster: one hash tag, so every key is in one slot. */
    public static final String CLUSTER = "pes:{w}:";

    private final String prefix;

    @Inject
    public Keys(@ConfigProperty(name = "quarkus.redis.client-type", defaultValue = "standalone") String clientType) {
        this.prefix = clientType.equalsIgnoreCase("cluster") ? CLUSTER : STANDALONE;
    }

    public String prefix() {
        return prefix;
    }

    /** The billing stream every movement of tokens is appended to; the relay publishes it to Kafka. */
    public String billingStream() {
        return prefix + "billing";
    }

    /** Where the relay sets aside entries that cannot be turned into an event (with their original id), for a person to look at. */
    public String rejectedStream() {
        return prefix + "billing:rejected";
    }

    /** What the relay writes before publishing, so that it publishes only entries a replica holds (relay_mark.lua). */
    public String relayMark() {
        return prefix + "billing:relay-mark";
    }

    /** Numbers every movement of tokens, in the order Redis applied them. */
    public String seq() {
        return prefix + "billing:seq";
    }

    /** Every account that ever held a balance, for reconciliation. */
    public String accounts() {
        return prefix + "accounts";
    }

    /** Active holds by expiry time (ms). */
    public String holdExpiry() {
        return prefix + "holds:expiry";
    }

    /** Count and total of active holds: {@code count}, {@code total}. */
    public String holdStats() {
        return prefix + "holds:stats";
    }

    /** A hash: {@code balance} and {@code held}, in tokens. */
    public String wallet(String account) {
        return walletPrefix() + account;
    }

    /** What {@link #wallet} puts before an account id. */
    public String walletPrefix() {
        return prefix + "wallet:";
    }

    /** The idempotency record of an event: its fingerprint and first outcome, kept for the window. */
    public String event(String eventId) {
        return prefix + "event:" + eventId;
    }

    /** An app's catalog entry, as app.catalog last said (hash). */
    public String app(String appId) {
        return prefix + "app:" + appId;
    }

    /** A developer's running total of earned shares ("imperal:developer:earnings:{dev_id}" in the seed). */
    public String developerEarnings(String developerId) {
        return prefix + "developer:earnings:" + developerId;
    }

    /** A hold (hash): account, amount, purpose, payee, state, expires_at. */
    public String hold(String holdId) {
        return prefix + "hold:" + holdId;
    }
}
