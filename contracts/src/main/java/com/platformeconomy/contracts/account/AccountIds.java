package com.platformeconomy.contracts.account;

import java.util.regex.Pattern;

/**
 * The wallet's account rules (wallet-service {@code balance/Accounts}), for services that record
 * an account id now and have the wallet credit it later: an id refused here would be refused by
 * the wallet too, so an award made out to it could never land. Kept in step with the wallet's
 * {@code OWNER} pattern.
 */
public final class AccountIds {

    /** A node operator's account: the only kind a settlement award or an infrastructure share goes to. */
    public static final String NODE_OPERATOR = "node-op:[A-Za-z0-9][A-Za-z0-9._@-]{0,119}";
    public static final String NODE_OPERATOR_MESSAGE = "must be a node operator account (node-op:...)";

    /** A user's account: the only kind the users pool of a distribution goes to. */
    public static final String USER = "user:[A-Za-z0-9][A-Za-z0-9._@-]{0,119}";
    public static final String USER_MESSAGE = "must be a user account (user:...)";

    /** A developer's account: where its earnings are paid, and what every charge of its apps names. */
    public static final String DEVELOPER = "dev:[A-Za-z0-9][A-Za-z0-9._@-]{0,119}";

    private static final Pattern NODE_OPERATOR_PATTERN = Pattern.compile(NODE_OPERATOR);
    private static final Pattern DEVELOPER_PATTERN = Pattern.compile(DEVELOPER);
    /** Every account the wallet knows: its {@code OWNER} and {@code SYSTEM} patterns. */
    private static final Pattern WALLET_ACCOUNT = Pattern.compile(
            "(user|dev|node-op):[A-Za-z0-9][A-Za-z0-9._@-]{0,119}|platform:[a-z][a-z0-9_-]{0,63}|escrow");

    private AccountIds() {
    }

    /**
     * Whether {@code name} is a system account's (wallet-service's {@code platform:…} and
     * {@code escrow}): accounts no person owns, which no end-user token may name as its subject.
     */
    public static boolean namesASystemAccount(String name) {
        return name != null && (name.startsWith("platform:") || name.equals("escrow"));
    }

    /** Whether the wallet knows {@code account} as an account (an owner's or a system account). */
    public static boolean isWalletAccount(String account) {
        return account != null && WALLET_ACCOUNT.matcher(account).matches();
    }

    public static boolean isDeveloper(String account) {
        return account != null && DEVELOPER_PATTERN.matcher(account).matches();
    }

    public static boolean isNodeOperator(String account) {
        return account != null && NODE_OPERATOR_PATTERN.matcher(account).matches();
    }
}
