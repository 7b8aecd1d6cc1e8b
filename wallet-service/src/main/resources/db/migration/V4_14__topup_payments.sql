-- Top-ups are paid for (SPEC §10): each saga carries its exact price and the provider's
-- PaymentIntent, waits in 'requires_payment' until the provider's verified webhook says the
-- payment succeeded, and is retried by due time with back-off so a few failing sagas cannot
-- starve the rest.
-- (Numbered 4.14, after issue 14, so that it cannot collide with another branch's V4.)
ALTER TABLE topups DROP CONSTRAINT IF EXISTS topups_state_check;
ALTER TABLE topups ALTER COLUMN state TYPE VARCHAR(20);
ALTER TABLE topups ADD CONSTRAINT topups_state_check
    CHECK (state IN ('requested', 'requires_payment', 'captured', 'credited', 'compensating', 'refunded', 'failed'));

-- The price, fixed when the top-up is asked for: amount_tokens × topup_rate, in the currency's
-- smallest unit (cents), exact.
ALTER TABLE topups ADD COLUMN amount_minor   BIGINT CHECK (amount_minor > 0);
ALTER TABLE topups ADD COLUMN currency       VARCHAR(3);
-- What a checkout page needs to collect the payment (Stripe's client secret).
ALTER TABLE topups ADD COLUMN client_secret  VARCHAR(300);
ALTER TABLE topups ADD COLUMN refund_ref     VARCHAR(128);
-- Recovery: the next time a saga is due, and how many attempts in a row have failed.
ALTER TABLE topups ADD COLUMN attempts        INTEGER     NOT NULL DEFAULT 0;
ALTER TABLE topups ADD COLUMN next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now();

DROP INDEX IF EXISTS topups_unfinished;
CREATE INDEX topups_due ON topups (next_attempt_at)
    WHERE state IN ('requested', 'requires_payment', 'captured', 'compensating');
-- The per-account daily limit sums an account's top-ups of the day.
CREATE INDEX topups_account_day ON topups (account, created_at);
CREATE UNIQUE INDEX topups_payment_ref ON topups (payment_ref) WHERE payment_ref IS NOT NULL;

-- The sandbox gateway (development and test only) now keeps payments as a processor does: created
-- unpaid, confirmed only by a privileged step, refundable.
ALTER TABLE sandbox_payments ADD COLUMN topup_id     VARCHAR(128);
ALTER TABLE sandbox_payments ADD COLUMN amount_minor BIGINT;
ALTER TABLE sandbox_payments ADD COLUMN currency     VARCHAR(3);
ALTER TABLE sandbox_payments ADD COLUMN status       VARCHAR(32) NOT NULL DEFAULT 'succeeded';
ALTER TABLE sandbox_payments ALTER COLUMN captured_at DROP NOT NULL;
ALTER TABLE sandbox_payments ALTER COLUMN captured_at DROP DEFAULT;
ALTER TABLE sandbox_payments ALTER COLUMN amount_tokens DROP NOT NULL;
