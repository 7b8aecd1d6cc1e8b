package com.platformeconomy.contracts.event;

/**
 * A user's call to an app, priced and debited by wallet-service in one Lua script (SPEC §3):
 * {@code totalCost} moved from {@code userId} to {@code platformAccount}, and
 * {@code totalCost = developerShare + platformShare}. A free app's call carries zeros and moves
 * nothing ({@code seq} 0); it is recorded for analytics. Topic {@link Topics#BILLING_EVENTS},
 * subject the user's account.
 */
public record ChargeRecorded(
        String userId,
        String appId,
        String developerId,
        String toolName,
        boolean byollm,
        long totalCost,
        long developerShare,
        long platformShare,
        String platformAccount,
        long seq) {

    public static final String TYPE = "com.platformeconomy.wallet.charge.recorded";
}
