package com.platformeconomy.wallet.balance;

/** A wallet as GET /v1/wallets/{account} shows it; available = balance − held. */
public record Balance(String account, long balance, long held, long available) {
}
