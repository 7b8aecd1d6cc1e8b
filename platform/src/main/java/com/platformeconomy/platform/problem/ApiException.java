package com.platformeconomy.platform.problem;

/**
 * A refusal the caller can act on: it becomes a problem+json response with its {@link ErrorCode}'s
 * status and stable code. Services throw it instead of building HTTP responses by hand. It takes
 * only an {@link ErrorCode}, so every code on the wire is one of that enum's.
 */
public class ApiException extends RuntimeException {

    private final ErrorCode errorCode;

    public ApiException(ErrorCode errorCode, String detail) {
        super(detail);
        this.errorCode = java.util.Objects.requireNonNull(errorCode, "errorCode");
    }

    public ErrorCode errorCode() {
        return errorCode;
    }

    public int status() {
        return errorCode.status();
    }

    /** The wire code, as in the problem body. */
    public String code() {
        return errorCode.code();
    }

    /** Whether retrying the same request may succeed later ({@link ErrorCode#isTransient()}). */
    public boolean isTransient() {
        return errorCode.isTransient();
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        // Refusals are expected outcomes, not bugs: no stack trace to build on the hot path.
        return this;
    }
}
