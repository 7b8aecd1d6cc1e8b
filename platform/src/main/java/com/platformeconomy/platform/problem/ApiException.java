package com.platformeconomy.platform.problem;

/**
 * A refusal the caller can act on: it becomes a problem+json response with this status and
 * stable code. Services throw it instead of building HTTP responses by hand.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String code;

    public ApiException(int status, String code, String detail) {
        super(detail);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public static ApiException badRequest(String code, String detail) {
        return new ApiException(400, code, detail);
    }

    public static ApiException paymentRequired(String code, String detail) {
        return new ApiException(402, code, detail);
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(403, "forbidden", detail);
    }

    public static ApiException notFound(String code, String detail) {
        return new ApiException(404, code, detail);
    }

    public static ApiException conflict(String code, String detail) {
        return new ApiException(409, code, detail);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        // Refusals are expected outcomes, not bugs: no stack trace to build on the hot path.
        return this;
    }
}
