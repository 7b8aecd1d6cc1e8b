package com.platformeconomy.earnings.wallet;

/** wallet-service refused a debit with 402: the wallet holds less than the amount. Nothing moved. */
public class InsufficientBalanceException extends RuntimeException {
    public InsufficientBalanceException() {
        super("insufficient balance");
    }
}
