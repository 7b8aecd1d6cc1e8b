package com.platformeconomy.platform.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem details body. {@code code} is stable and meant for programs; {@code detail}
 * is for people and may change. {@code errors} names the offending fields of a rejected request.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String code, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public record FieldError(String field, String message) {
    }

    /** The problem for {@code code}, answered with its own status. */
    public static Problem of(ErrorCode code, String title, String detail) {
        return of(code, code.status(), title, detail);
    }

    /**
     * The problem for {@code code} answered with {@code status}: only for the catch-all codes
     * ({@link ErrorCode#CLIENT_ERROR}, {@link ErrorCode#INTERNAL_ERROR}) that keep a framework
     * exception's own status; every other code has one status.
     */
    public static Problem of(ErrorCode code, int status, String title, String detail) {
        return new Problem("urn:platform-economy:problem:" + code.code(), title, status, detail, code.code(), List.of());
    }

    public Problem withErrors(List<FieldError> fieldErrors) {
        return new Problem(type, title, status, detail, code, List.copyOf(fieldErrors));
    }
}
