package com.platformeconomy.earnings.wallet;

/** wallet-service could not be reached or failed; whether the debit happened is unknown. */
public class WalletUnavailableException extends RuntimeException {
    public WalletUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
