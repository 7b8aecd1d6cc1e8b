package com.platformeconomy.contracts.event;

/** A credit to a wallet: a top-up landing, a settlement award, a distribution, a refund. */
public record WalletCredited(String account, long amount, String reason) {

    public static final String TYPE = "com.platformeconomy.wallet.credited";
}
