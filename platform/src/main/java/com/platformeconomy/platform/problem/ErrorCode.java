package com.platformeconomy.platform.problem;

/**
 * The one list of the suite's error codes: every problem+json {@code code} any service answers
 * is a constant here, with the HTTP status it answers with and whether it is transient. A new
 * refusal gets a new constant; nothing else may put a code on the wire
 * ({@link ApiException} and {@link Problem} take only an {@code ErrorCode}).
 *
 * <p>{@link #code()} is the stable wire string, exactly as clients and tests match it: changing it
 * is a breaking change of the API. Each constant is named after its code, upper-cased, so a grep
 * for either finds the other ({@code ErrorCodeTest} holds them to it).
 *
 * <p>{@link #isTransient()} says whether retrying the very same request may succeed later: the
 * refusal is about the moment (a store or peer unavailable, a catalog entry being rewritten,
 * another request with the same key still running), not about the request. A consumer uses it to
 * decide between retrying and parking. The rule, checked by {@code ErrorCodeTest}: every 503 is
 * transient, and besides those only {@link #REQUEST_IN_PROGRESS}; a 500 is never transient (its
 * cause is unknown).
 *
 * <p>One code, one status: no code is used with two statuses. The exceptions are the two catch-all
 * codes {@link #CLIENT_ERROR} and {@link #INTERNAL_ERROR}, which {@link ProblemMapper} gives to a
 * framework {@code WebApplicationException} whose status has no code of its own: they keep that
 * exception's status (any 4xx, any 5xx), so {@link #status()} is only their usual one. That status
 * override exists in {@link Problem#of(ErrorCode, int, String, String)} alone, not in
 * {@link ApiException}.
 */
public enum ErrorCode {

    // Generic: request form, authentication, the framework's own statuses (ProblemMapper, BodyLimit).
    BAD_REQUEST(400, "bad_request"),
    VALIDATION_FAILED(400, "validation_failed"),
    INVALID_FIELD(400, "invalid_field"),
    MALFORMED_JSON(400, "malformed_json"),
    UNAUTHORIZED(401, "unauthorized"),
    FORBIDDEN(403, "forbidden"),
    NOT_FOUND(404, "not_found"),
    METHOD_NOT_ALLOWED(405, "method_not_allowed"),
    NOT_ACCEPTABLE(406, "not_acceptable"),
    CONFLICT(409, "conflict"),
    BODY_TOO_LARGE(413, "body_too_large"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported_media_type"),
    /** Any other 4xx of the framework; answered with that exception's own status. */
    CLIENT_ERROR(400, "client_error"),
    /** An unexpected failure, or any 5xx of the framework (answered with its own status). */
    INTERNAL_ERROR(500, "internal_error"),
    /**
     * A store the service needs (PostgreSQL, Redis) could not be reached, or did not confirm a write
     * in time ({@link Unavailable}): the same request again, with the same id, gets its outcome.
     */
    SERVICE_UNAVAILABLE(503, "service_unavailable", true),

    // Platform: idempotency keys, the parking lot.
    IDEMPOTENCY_KEY_REQUIRED(400, "idempotency_key_required"),
    INVALID_IDEMPOTENCY_KEY(400, "invalid_idempotency_key"),
    IDEMPOTENCY_KEY_REUSED(409, "idempotency_key_reused"),
    /** The first request with this key is still running: the same request again soon gets its outcome. */
    REQUEST_IN_PROGRESS(409, "request_in_progress", true),
    UNKNOWN_PARKED_EVENT(404, "unknown_parked_event"),
    ALREADY_REPLAYED(409, "already_replayed"),
    NO_HANDLER(409, "no_handler"),
    NOT_REPLAYABLE(409, "not_replayable"),

    // Accounts and money movements (wallet-service, and others naming accounts or balances).
    UNKNOWN_ACCOUNT(400, "unknown_account"),
    NOT_A_USER_ACCOUNT(400, "not_a_user_account"),
    INVALID_AMOUNT(400, "invalid_amount"),
    INSUFFICIENT_BALANCE(402, "insufficient_balance"),
    BALANCE_LIMIT(409, "balance_limit"),

    // Event and hold ids (wallet-service).
    INVALID_EVENT_ID(400, "invalid_event_id"),
    INVALID_HOLD_ID(400, "invalid_hold_id"),
    DUPLICATE_EVENT_ID(400, "duplicate_event_id"),
    EVENT_IN_FUTURE(400, "event_in_future"),
    EVENT_TOO_OLD(409, "event_too_old"),
    EVENT_ID_REUSED(409, "event_id_reused"),

    // Charges and the app catalog (wallet-service; unknown_app also developer-earnings-service).
    UNKNOWN_APP(404, "unknown_app"),
    /** The app's catalog entry changed or is being rewritten while the charge ran: nothing was charged. */
    CATALOG_CHANGING(503, "catalog_changing", true),

    // Holds (wallet-service).
    PAYEE_IS_HOLDER(400, "payee_is_holder"),
    CAPTURE_EXCEEDS_HOLD(400, "capture_exceeds_hold"),
    UNKNOWN_HOLD(404, "unknown_hold"),
    HOLD_ID_REUSED(409, "hold_id_reused"),
    HOLD_NOT_ACTIVE(409, "hold_not_active"),
    HOLD_LIMIT(429, "hold_limit"),

    // Top-ups and payment providers (wallet-service).
    INVALID_TOPUP_ID(400, "invalid_topup_id"),
    TOPUP_AMOUNT_OUT_OF_RANGE(400, "topup_amount_out_of_range"),
    INEXACT_PRICE(400, "inexact_price"),
    MISSING_SIGNATURE(400, "missing_signature"),
    BAD_SIGNATURE(400, "bad_signature"),
    BAD_EVENT(400, "bad_event"),
    UNKNOWN_TOPUP(404, "unknown_topup"),
    NO_SANDBOX(404, "no_sandbox"),
    NO_STRIPE(404, "no_stripe"),
    TOPUP_ID_REUSED(409, "topup_id_reused"),
    /** The sandbox refunds only a credited top-up's payment. */
    TOPUP_NOT_PAID(409, "topup_not_paid"),
    /** Only a top-up awaiting its payment is cancelled. */
    TOPUP_NOT_CANCELLABLE(409, "topup_not_cancellable"),
    /** A daily quota: the same request succeeds only on another day, so not transient. */
    TOPUP_DAILY_LIMIT(429, "topup_daily_limit"),

    // Reconciliation (wallet-service).
    NOT_QUIESCENT(409, "not_quiescent"),
    /** The ledger has not yet booked every movement Redis applied. */
    LEDGER_BEHIND(503, "ledger_behind", true),

    // Apps, tiers, payouts, adjustments, analytics (developer-earnings-service).
    DEVELOPER_ID_REQUIRED(400, "developer_id_required"),
    FREE_APP_WITH_PRICE(400, "free_app_with_price"),
    NOTHING_TO_CHANGE(400, "nothing_to_change"),
    TIER_NOT_PURCHASABLE(400, "tier_not_purchasable"),
    ZERO_ADJUSTMENT(400, "zero_adjustment"),
    INVALID_DAYS(400, "invalid_days"),
    UNKNOWN_PAYOUT(404, "unknown_payout"),
    APP_EXISTS(409, "app_exists"),
    INVALID_APP_STATE(409, "invalid_app_state"),
    REVIEW_REQUIRED(409, "review_required"),
    PURCHASE_IN_PROGRESS(409, "purchase_in_progress"),
    /** A lower tier bought now would replace a higher one still in force, at full price. */
    HIGHER_TIER_IN_FORCE(409, "higher_tier_in_force"),
    PAYOUT_EXCEEDS_AVAILABLE(409, "payout_exceeds_available"),
    /** The developer's wallet is below zero (a top-up it spent was refunded or charged back): no payout until it is paid. */
    WALLET_IN_DEBT(409, "wallet_in_debt"),
    INVALID_PAYOUT_STATE(409, "invalid_payout_state"),
    /** wallet-service answered the debit with a refusal other than 402; retrying gets the same answer. */
    WALLET_REFUSED(502, "wallet_refused"),
    /** wallet-service could not be reached, or answered 5xx (developer-earnings-service's view of it). */
    WALLET_UNAVAILABLE(503, "wallet_unavailable", true),

    // Nodes and metered usage (settlement-service; unknown_node also revenue-service).
    NOTHING_TO_UPDATE(400, "nothing_to_update"),
    USD_COST_TOO_LARGE(400, "usd_cost_too_large"),
    UNKNOWN_NODE(404, "unknown_node"),
    NODE_ALREADY_REGISTERED(409, "node_already_registered"),
    USAGE_ID_REUSED(409, "usage_id_reused"),

    // Revenue periods and contributions (revenue-service).
    INVALID_PERIOD(400, "invalid_period"),
    INVALID_PERIOD_DAYS(400, "invalid_period_days"),
    SCORE_TOO_LARGE(400, "score_too_large"),
    COMPUTE_UNITS_TOO_LARGE(400, "compute_units_too_large"),
    PERIOD_DISTRIBUTED(409, "period_distributed"),
    PERIOD_NOT_CLOSED(409, "period_not_closed"),
    NODE_OWNER_MISMATCH(409, "node_owner_mismatch"),
    NODE_ACCOUNT_CHANGE(409, "node_account_change"),
    NODE_TIER_MISMATCH(409, "node_tier_mismatch"),
    NODE_REGISTRY_UNAVAILABLE(503, "node_registry_unavailable", true),

    // Goals, votes, paper portfolios (goal-service).
    BUDGET_TOO_LARGE(400, "budget_too_large"),
    INVALID_STATUS(400, "invalid_status"),
    TRADE_TOO_LARGE(400, "trade_too_large"),
    INSUFFICIENT_CASH(402, "insufficient_cash"),
    GOAL_NOT_FOUND(404, "goal_not_found"),
    NO_PROPOSAL(404, "no_proposal"),
    REQUEST_ID_REUSED(409, "request_id_reused"),
    GOAL_NOT_ACTIVE(409, "goal_not_active"),
    ALREADY_LIVE(409, "already_live"),
    LIVE_REQUIRES_VOTE(409, "live_requires_vote"),
    PROPOSAL_OPEN(409, "proposal_open"),
    NO_OPEN_PROPOSAL(409, "no_open_proposal"),
    PROPOSAL_EXPIRED(409, "proposal_expired"),
    ALREADY_VOTED(409, "already_voted"),
    INSUFFICIENT_POSITION(409, "insufficient_position");

    private final int status;
    private final String code;
    private final boolean transientFailure;

    ErrorCode(int status, String code) {
        this(status, code, false);
    }

    ErrorCode(int status, String code, boolean transientFailure) {
        this.status = status;
        this.code = code;
        this.transientFailure = transientFailure;
    }

    /** The HTTP status this code is answered with. */
    public int status() {
        return status;
    }

    /** The stable string of the problem's {@code code} field. */
    public String code() {
        return code;
    }

    /** Whether the same request, retried later, may succeed (see the class comment for the rule). */
    public boolean isTransient() {
        return transientFailure;
    }
}
