package com.platformeconomy.wallet.balance;

import com.platformeconomy.contracts.event.SuiteIds;
import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import java.util.regex.Pattern;

/**
 * Account ids (SPEC §3): owners ({@code user:…}, {@code dev:…}, {@code node-op:…}) and system
 * accounts ({@code platform:…}, {@code escrow}). Only system accounts may go below zero: the
 * treasury's negative balance is what the platform owes for tokens it issued.
 */
public final class Accounts {

    // The forms, as patterns; matched by hand below, as the check runs on every charge (AccountsTest
    // holds the two to the same answers).
    static final Pattern OWNER = Pattern.compile("(user|dev|node-op):[A-Za-z0-9][A-Za-z0-9._@-]{0,119}");
    static final Pattern SYSTEM = Pattern.compile("platform:[a-z][a-z0-9_-]{0,63}|escrow");

    private Accounts() {
    }

    /** Refuses an account id that names no kind of account this service knows. */
    public static String require(String account) {
        if (account == null || !(isOwner(account) || isSystem(account))) {
            throw new ApiException(ErrorCode.UNKNOWN_ACCOUNT,
                    "'" + account + "' is not an account: expected user:…, dev:…, node-op:…, platform:… or escrow.");
        }
        return account;
    }

    /** A developer's account ({@code dev:…}). */
    public static boolean isDeveloper(String account) {
        return account.startsWith("dev:") && isOwner(account);
    }

    /** The system account a hold's capture passes through on its way to a payee kept in another Redis bucket. */
    public static final String ESCROW = "escrow";

    /**
     * Refuses (403) a system account where a caller names the account a movement is for: a system
     * account's tokens move only by the suite's own movements (SPEC §10), never because a route was
     * asked to, whoever asks. {@code refusal} completes "<account> is a system account: …".
     */
    public static void refuseSystem(String account, String refusal) {
        if (isSystem(account)) {
            throw new ApiException(ErrorCode.FORBIDDEN, account + " is a system account: " + refusal);
        }
    }

    public static boolean isSystem(String account) {
        if (account.equals(ESCROW)) {
            return true;
        }
        int n = account.length();
        if (!account.startsWith("platform:") || n < 10 || n > 9 + 64) {
            return false;
        }
        char first = account.charAt(9);
        if (first < 'a' || first > 'z') {
            return false;
        }
        for (int i = 10; i < n; i++) {
            char c = account.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** {@code user:…}, {@code dev:…} or {@code node-op:…} and a name of 1–120 of {@code [A-Za-z0-9._@-]}, a letter or digit first. */
    static boolean isOwner(String account) {
        int name = account.startsWith("user:") ? 5 : account.startsWith("dev:") ? 4 : account.startsWith("node-op:") ? 8 : -1;
        int n = account.length();
        if (name < 0 || n <= name || n - name > 120 || !SuiteIds.isAlnum(account.charAt(name))) {
            return false;
        }
        for (int i = name + 1; i < n; i++) {
            char c = account.charAt(i);
            if (!SuiteIds.isAlnum(c) && c != '.' && c != '_' && c != '@' && c != '-') {
                return false;
            }
        }
        return true;
    }
}
