package com.platformeconomy.earnings.wallet;

/** wallet-service refused a debit for another reason (4xx other than 402). Nothing moved. */
public class WalletRefusedException extends RuntimeException {

    private final int status;

    public WalletRefusedException(int status) {
        super("wallet-service refused the debit with " + status);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
