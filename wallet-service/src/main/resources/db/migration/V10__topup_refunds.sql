-- Refunds of a credited top-up's payment made outside the saga (someone in the Stripe Dashboard or
-- the API, a card network refunding to prevent a dispute): the tokens that money bought go back to
-- the treasury, once per refund, and come back if the refund fails after all.
--   owed:      succeeded while a chargeback holds the payment's tokens; taken once the dispute ends
--   taking:    written down before the move (a crash leaves it to be finished), then taken
--   returning: the refund failed after it was taken (Stripe kept the money): the tokens go back, then returned
-- Decided under the top-up's row lock: refunded_tokens is what refunds hold now, refunded_minor the
-- amount of every succeeded refund counted (each refund's tokens are cut from the running total, so
-- parts add up to the whole), and refunds and a chargeback never take more than the payment bought.
CREATE TABLE topup_refunds (
    refund_ref    VARCHAR(255) PRIMARY KEY,
    topup_id      VARCHAR(128) NOT NULL REFERENCES topups (topup_id),
    amount_minor  BIGINT NOT NULL CHECK (amount_minor > 0),
    tokens        BIGINT NOT NULL CHECK (tokens >= 0),
    state         VARCHAR(16) NOT NULL CHECK (state IN ('owed', 'taking', 'taken', 'returning', 'returned')),
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX topup_refunds_unfinished ON topup_refunds (updated_at) WHERE state IN ('owed', 'taking', 'returning');
CREATE INDEX topup_refunds_topup ON topup_refunds (topup_id);
ALTER TABLE topups ADD COLUMN refunded_tokens BIGINT NOT NULL DEFAULT 0 CHECK (refunded_tokens >= 0);
ALTER TABLE topups ADD COLUMN refunded_minor BIGINT NOT NULL DEFAULT 0 CHECK (refunded_minor >= 0);
