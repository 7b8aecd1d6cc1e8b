package com.platformeconomy.contracts.event;

/** An event that cannot be read: broken JSON, a missing attribute, or data of the wrong shape. */
public class MalformedEventException extends RuntimeException {
    public MalformedEventException(String message) {
        super(message);
    }

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
