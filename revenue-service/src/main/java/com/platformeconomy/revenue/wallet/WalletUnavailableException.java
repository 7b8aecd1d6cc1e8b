package com.platformeconomy.revenue.wallet;

/** wallet-service did not answer, or answered with an error: its figures are unknown right now. */
public class WalletUnavailableException extends RuntimeException {
    public WalletUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
