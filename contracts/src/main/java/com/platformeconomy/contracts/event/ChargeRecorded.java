package com.platformeconomy.contracts.event;

/**
 * A user's paid call to an app, priced and debited by wallet-service in one Lua script (SPEC §3).
 * {@code totalCost = developerShare + platformShare}; a free app's call carries zeros. Topic
 * {@link Topics#BILLING_EVENTS}, subject the user's account.
 */
public record ChargeRecorded(
        String userId,
        String appId,
        String developerId,
        String toolName,
        boolean byollm,
        long totalCost,
        long developerShare,
        long platformShare) {

    public static final String TYPE = "com.platformeconomy.wallet.charge.recorded";
}
