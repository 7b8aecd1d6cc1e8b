package com.platformeconomy.platform.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ErrorCodeTest {

    @Test
    void codes_are_unique() {
        assertThat(Arrays.stream(ErrorCode.values()).map(ErrorCode::code)).doesNotHaveDuplicates();
    }

    @Test
    void each_constant_is_its_code_upper_cased() {
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(code.code()).as(code.name()).matches("[a-z][a-z0-9_]*")
                    .isEqualTo(code.name().toLowerCase(Locale.ROOT));
        }
    }

    @Test
    void statuses_are_client_or_server_errors() {
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(code.status()).as(code.name()).isBetween(400, 599);
        }
    }

    @Test
    void every_503_is_transient_and_only_503s_and_a_request_still_in_progress_are() {
        Set<ErrorCode> transientCodes = Arrays.stream(ErrorCode.values()).filter(ErrorCode::isTransient)
                .collect(Collectors.toSet());
        Set<ErrorCode> unavailable = Arrays.stream(ErrorCode.values()).filter(c -> c.status() == 503)
                .collect(Collectors.toSet());
        assertThat(transientCodes).containsAll(unavailable);
        assertThat(transientCodes).allMatch(c -> c.status() == 503 || c == ErrorCode.REQUEST_IN_PROGRESS);
        assertThat(ErrorCode.INTERNAL_ERROR.isTransient()).isFalse();
    }

    @Test
    void the_codes_tests_and_clients_match_keep_their_strings_and_statuses() {
        // A sample pinned on purpose: these strings are on the wire and in other services' clients.
        assertThat(ErrorCode.INSUFFICIENT_BALANCE.code()).isEqualTo("insufficient_balance");
        assertThat(ErrorCode.INSUFFICIENT_BALANCE.status()).isEqualTo(402);
        assertThat(ErrorCode.EVENT_ID_REUSED.code()).isEqualTo("event_id_reused");
        assertThat(ErrorCode.CATALOG_CHANGING.code()).isEqualTo("catalog_changing");
        assertThat(ErrorCode.CATALOG_CHANGING.status()).isEqualTo(503);
        assertThat(ErrorCode.TOPUP_DAILY_LIMIT.status()).isEqualTo(429);
        assertThat(ErrorCode.WALLET_REFUSED.status()).isEqualTo(502);
        assertThat(ErrorCode.VALIDATION_FAILED.code()).isEqualTo("validation_failed");
        assertThat(ErrorCode.IDEMPOTENCY_KEY_REUSED.status()).isEqualTo(409);
    }

    @Test
    void an_api_exception_carries_its_code_status_and_transience() {
        ApiException refusal = new ApiException(ErrorCode.WALLET_UNAVAILABLE, "later");
        assertThat(refusal.code()).isEqualTo("wallet_unavailable");
        assertThat(refusal.status()).isEqualTo(503);
        assertThat(refusal.errorCode()).isSameAs(ErrorCode.WALLET_UNAVAILABLE);
        assertThat(refusal.isTransient()).isTrue();
        assertThat(refusal.getMessage()).isEqualTo("later");
    }

    @Test
    void the_mapper_puts_the_code_on_the_wire_unchanged() {
        Problem problem = ProblemMapper.toProblem(new ApiException(ErrorCode.HOLD_NOT_ACTIVE, "Hold h is released already."));
        assertThat(problem).isEqualTo(new Problem("urn:platform-economy:problem:hold_not_active", "Conflict", 409,
                "Hold h is released already.", "hold_not_active", java.util.List.of()));
    }

    @Test
    void the_catch_all_codes_keep_the_framework_status() {
        Problem problem = Problem.of(ErrorCode.INTERNAL_ERROR, 503, "Service Unavailable", null);
        assertThat(problem.status()).isEqualTo(503);
        assertThat(problem.code()).isEqualTo("internal_error");
    }
}
