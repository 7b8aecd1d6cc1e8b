-- The top-up saga (SPEC §3): capture a payment, then credit the wallet; if the credit cannot be
-- made, refund the payment. Each step's outcome is written before the next starts, so a restarted
-- service finishes or compensates every saga it finds unfinished.
CREATE TABLE topups (
    topup_id      VARCHAR(128) PRIMARY KEY,
    account       VARCHAR(128) NOT NULL,
    amount_tokens BIGINT       NOT NULL CHECK (amount_tokens > 0),
    state         VARCHAR(16)  NOT NULL
                  CHECK (state IN ('requested', 'captured', 'credited', 'compensating', 'refunded', 'failed')),
    payment_ref   VARCHAR(128),
    failure       VARCHAR(500),
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE INDEX topups_unfinished ON topups (updated_at) WHERE state IN ('requested', 'captured', 'compensating');

-- What the sandbox payment gateway captured and refunded: the record a card processor would keep.
CREATE TABLE sandbox_payments (
    payment_id    VARCHAR(128) PRIMARY KEY,
    account       VARCHAR(128) NOT NULL,
    amount_tokens BIGINT       NOT NULL,
    captured_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    refunded_at   TIMESTAMPTZ
);
