package com.platformeconomy.wallet.balance;

import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import java.util.regex.Pattern;

/**
 * Account ids (SPEC §3): owners ({@code user:…}, {@code dev:…}, {@code node-op:…}) and system
 * accounts ({@code platform:…}, {@code escrow}). Only system accounts may go below zero: the
 * treasury's negative balance is what the platform owes for tokens it issued.
 */
public final class Accounts {

    private static final Pattern OWNER = Pattern.compile("(user|dev|node-op):[A-Za-z0-9][A-Za-z0-9._@-]{0,119}");
    private static final Pattern SYSTEM = Pattern.compile("platform:[a-z][a-z0-9_-]{0,63}|escrow");

    private Accounts() {
    }

    /** Refuses an account id that names no kind of account this service knows. */
    public static String require(String account) {
        if (account == null || !(OWNER.matcher(account).matches() || SYSTEM.matcher(account).matches())) {
            throw new ApiException(ErrorCode.UNKNOWN_ACCOUNT,
                    "'" + account + "' is not an account: expected user:…, dev:…, node-op:…, platform:… or escrow.");
        }
        return account;
    }

    /** A developer's account ({@code dev:…}). */
    public static boolean isDeveloper(String account) {
        return account.startsWith("dev:") && OWNER.matcher(account).matches();
    }

    public static boolean isSystem(String account) {
        return SYSTEM.matcher(account).matches();
    }
}
