-- Refunds of a credited top-up's payment made outside the saga (someone in the Stripe Dashboard or
-- the API, a card network refunding to prevent a dispute): the tokens that money bought go back to
-- the treasury, once per refund. The row is written before the move (taking), so a crash leaves it
-- to be finished; refunded_tokens is what every refund of the top-up took, decided under the
-- top-up's row lock so that refunds and a chargeback never take more than the payment bought.
CREATE TABLE topup_refunds (
    refund_ref    VARCHAR(255) PRIMARY KEY,
    topup_id      VARCHAR(128) NOT NULL REFERENCES topups (topup_id),
    amount_minor  BIGINT NOT NULL CHECK (amount_minor > 0),
    tokens        BIGINT NOT NULL CHECK (tokens >= 0),
    state         VARCHAR(16) NOT NULL CHECK (state IN ('taking', 'taken')),
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX topup_refunds_taking ON topup_refunds (updated_at) WHERE state = 'taking';
ALTER TABLE topups ADD COLUMN refunded_tokens BIGINT NOT NULL DEFAULT 0 CHECK (refunded_tokens >= 0);
