package com.platformeconomy.wallet.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** wallet-service's settings (SPEC §3), with the source documents' defaults. */
@ConfigMapping(prefix = "wallet")
public interface WalletConfig {

    /**
     * How long Redis remembers a caller's event or hold id and its first outcome; an id older than
     * this (by its UUIDv7 time or the suite's first sight) is refused, never applied. Sized from
     * Redis memory: window × peak charges/s × 221 bytes per record (README "Idempotency"); 15
     * minutes at 16,000 charges/s is 3.2 GB, inside the k8s Redis maxmemory of 4 GB.
     */
    @WithDefault("PT15M")
    Duration idempotencyWindow();

    /** How far in the future an event id's time may lie (clock skew between callers and us). */
    @WithDefault("PT5M")
    Duration clockSkew();

    /**
     * How far the clocks of two wallet replicas may differ. A UUIDv7 id stops being accepted this much
     * before its record could expire, so that a replica whose clock is behind the one that applied
     * the id (and set the record's TTL) never accepts it after Redis has forgotten it.
     */
    @WithDefault("PT30S")
    Duration replicaClockMargin();

    /**
     * How long Redis remembers a movement made under one of the suite's own ids (a top-up's credit,
     * a settlement award, a distribution): no window closes on those, and the step that makes one
     * (a saga's recovery, a Kafka redelivery) may come back after an outage much longer than the
     * window, before the ledger has booked it. Few such movements, so a long memory is cheap.
     */
    @WithDefault("P7D")
    Duration suiteIdRecordTtl();

    /** The largest amount one request may move: 2^53 - 1, so that every JSON client reads it exactly. */
    @WithDefault("9007199254740991")
    long maxAmount();

    /**
     * The most active holds one account may have: each costs Redis memory for as long as it lives (up
     * to its ttl, 30 days), and one token reserves one, so without a bound an account could fill its
     * Redis master, where every movement then stops. Past it a reservation is refused 429
     * {@code hold_limit} until one of the account's holds ends.
     */
    @WithDefault("1000")
    int maxActiveHoldsPerAccount();

    /** Where the tokens of charges and debits go. */
    @WithDefault("platform:revenue")
    String revenueAccount();

    /** Where credits come from: a top-up landing, a settlement award, a refund. */
    @WithDefault("platform:treasury")
    String treasuryAccount();

    /** Four eyes on the treasury's credits (balance/AdminCredits). */
    AdminCreditSettings adminCredits();

    interface AdminCreditSettings {

        /**
         * The most tokens one admin alone credits from the treasury in any 24 hours (10,000 tokens,
         * $10 at the default top-up rate: a support refund); a credit past it waits for a second admin.
         */
        @WithDefault("10000")
        long singleAdminDailyMax();
    }

    /** How wallet-service uses Redis. */
    RedisSettings redis();

    interface RedisSettings {

        /**
         * How many replicas must hold a script's writes before its outcome is answered (WAIT after
         * every script, redis/LuaScripts): 0 on one node, 1 where each master has a replica.
         */
        @WithDefault("0")
        int replicaAcks();

        /** How long to wait for them; past it the movement is answered 5xx (the same request again gets its outcome). */
        @WithDefault("PT1S")
        Duration replicaAckTimeout();

        /**
         * How long a script (or a pipeline of them) may take, its connection included, before the
         * movement is answered 503 (the same request again gets its outcome). The client opens a
         * connection to every node of a cluster for a request, and a node that accepts and never
         * answers (a frozen process or host) would otherwise hold the request without end.
         */
        @WithDefault("PT5S")
        Duration answerTimeout();

        /**
         * How long after it is sent a charge or a transfer may still run in Redis (its deadline,
         * common.lua refuse_if_late): a request that waited behind a frozen node while its caller
         * gave up and sent it again must not move tokens once the second one's record expired. Far
         * more than answer-timeout, far less than the idempotency window (15 min): at most a third of
         * it is used. In Redis' time (redis/RedisClock).
         */
        @WithDefault("PT5M")
        Duration lateAfter();

        /**
         * How far Redis' clock may be from the wallet's (redis/RedisClock): past it the wallet is not
         * ready and refuses every movement. The deadline is made in Redis' time, so a steady offset
         * does not move it; a host clock this far off is a fault to fix before money moves (alert
         * RedisClockApart). At most a third of the idempotency window is used, as for late-after.
         */
        @WithDefault("PT30S")
        Duration clockTolerance();

        /** How often each Redis node is asked its time (redis/RedisClock); a reading older than three of these is unusable. */
        @WithDefault("PT10S")
        Duration clockInterval();

        /**
         * How many buckets the wallets are split into (redis/Keys; docs/scaling.md): 1 keeps every key
         * in one hash slot, as always; more spread the accounts over a Redis Cluster's masters. Fixed
         * for a deployment's life: a movement's seq names its bucket, so a new count needs a rebuild.
         * A hold's capture for an owner of another bucket goes in two legs through the {@code escrow}
         * sub-accounts (hold/HoldService); no other movement between two owners exists.
         */
        @WithDefault("1")
        int buckets();
    }

    /**
     * How late a movement may still run after it was sent: {@code wallet.redis.late-after}, at most a
     * third of the idempotency window. A record lives the window plus this (EventWindow), so a replay
     * accepted at the window's edge that runs this late still meets it.
     */
    default Duration effectiveLateAfter() {
        Duration third = idempotencyWindow().dividedBy(3);
        return redis().lateAfter().compareTo(third) < 0 ? redis().lateAfter() : third;
    }
}
