package com.platformeconomy.contracts.event;

import java.util.regex.Pattern;

/**
 * The two namespaces of event ids (SPEC §10 "Event ids cannot collide with the suite's own").
 *
 * <p>A <b>caller's id</b> matches {@link #CALLER_ID}: 1–128 letters, digits or {@code :._@-}. Every
 * public route that takes an event id, hold id, top-up id or {@code Idempotency-Key} checks it
 * against that pattern.
 *
 * <p>A <b>suite id</b> names a movement the suite makes itself (a top-up's credit, a hold's capture,
 * a distribution's credit, a refund…). It starts with {@value #PREFIX}: the {@code /} is a character
 * the caller pattern refuses, so no request can ever name, and so squat, one of these ids. Every
 * suite id is made here, and only here.
 */
public final class SuiteIds {

    /** What a caller may name an event, hold, top-up or idempotency key. */
    public static final Pattern CALLER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9:._@-]{0,127}");
    /** Every suite id starts with this; no caller id can. */
    public static final String PREFIX = "pes/";

    private SuiteIds() {
    }

    /** Whether {@code id} matches {@link #CALLER_ID}; checked by hand, as it runs on every charge. */
    public static boolean isCallerId(String id) {
        if (id == null || id.isEmpty() || id.length() > 128 || !isAlnum(id.charAt(0))) {
            return false;
        }
        for (int i = 1; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!isAlnum(c) && c != ':' && c != '.' && c != '_' && c != '@' && c != '-') {
                return false;
            }
        }
        return true;
    }

    /** {@code [A-Za-z0-9]}: ASCII only, as in the patterns. */
    public static boolean isAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    public static boolean isSuiteId(String id) {
        return id != null && id.startsWith(PREFIX);
    }

    /** The credit of a paid top-up. */
    public static String topUpCredit(String topupId) {
        return PREFIX + "topup/" + topupId;
    }

    /** The capture of a hold. */
    public static String holdCapture(String holdId) {
        return PREFIX + "hold/" + holdId + "/capture";
    }

    /**
     * The payee's leg of a hold's capture where the payee's wallet is kept in another Redis bucket
     * than the hold's (the capture itself moved the tokens to escrow; this credits them on).
     */
    public static String holdLanding(String holdId) {
        return PREFIX + "hold/" + holdId + "/landing";
    }

    /** Where every credit of a distribution lives. */
    public static final String REVENUE_DISTRIBUTION = PREFIX + "revenue-distribution/";

    /** One credit of a period's 90/9/1 distribution. */
    public static String revenueDistribution(String period, String pool, String account) {
        return REVENUE_DISTRIBUTION + period + "/" + pool + "/" + account;
    }

    /**
     * The id a distribution event's credit is applied under: its own when it is already a
     * distribution's, else moved into the distributions' namespace — never another movement's suite
     * id (a top-up's credit, a capture), whoever wrote the event.
     */
    public static String distributionCredit(String eventId) {
        return eventId.startsWith(REVENUE_DISTRIBUTION) ? eventId : REVENUE_DISTRIBUTION + eventId;
    }

    /** Tokens taken back from a wallet because the card holder's bank reversed the top-up's payment (a chargeback). */
    public static String chargeback(String disputeRef) {
        return PREFIX + "chargeback/" + disputeRef + "/taken";
    }

    /** The tokens of a chargeback given back: the platform won the dispute. */
    public static String chargebackReturned(String disputeRef) {
        return PREFIX + "chargeback/" + disputeRef + "/returned";
    }

    /** Tokens taken back from a wallet because the top-up's payment was refunded outside the saga (one refund). */
    public static String refundTaken(String refundRef) {
        return PREFIX + "refund/" + refundRef + "/taken";
    }

    /** The tokens of a refund given back: the refund failed after it was taken (the provider kept the money). */
    public static String refundReturned(String refundRef) {
        return PREFIX + "refund/" + refundRef + "/returned";
    }

    /** A settlement batch's award to an operator. */
    public static String settlementAward(String batchId) {
        return PREFIX + "settlement/" + batchId;
    }

    /** Where every tier fee's debit lives. */
    public static final String TIER_FEE = PREFIX + "tier-fee/";

    /**
     * The debit of a developer's tier purchase ({@code purchase}: a random UUIDv7 the purchase keeps).
     * A suite id, so the wallet remembers it as long as its own movements (not a caller's window): a
     * purchase retried after a long wallet outage is debited then, or answered the debit it had.
     */
    public static String tierFee(String purchase) {
        return TIER_FEE + purchase;
    }

    public static boolean isTierFee(String id) {
        return id != null && id.startsWith(TIER_FEE) && isCallerId(id.substring(TIER_FEE.length()));
    }

    /** The wallet movement of a request made under an {@code Idempotency-Key} (tier fee, adjustment…). */
    public static String keyed(String scope, String caller, String key) {
        return PREFIX + scope + "/" + caller + "/" + key;
    }
}
