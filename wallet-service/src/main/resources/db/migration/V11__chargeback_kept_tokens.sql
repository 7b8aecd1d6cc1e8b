-- A refund taken, then a chargeback of the payment capped by it, then the refund failing: the bank
-- took the money the refund would have returned, so the refund's tokens stay taken, for the chargeback.
--   topups.dispute_tokens:         what the dispute's amount bought, before any cap (null: no dispute
--                                  read since this column exists)
--   topups.chargeback_kept_tokens: tokens failed refunds left to the chargeback (already in the
--                                  treasury; a won dispute gives them back with its own)
--   topup_refunds.given_back:      what a refund that failed after it was taken gives back (its tokens
--                                  less what the chargeback keeps, plus what was kept for it); null
--                                  before it fails (a crash-left give-back of before this: all its tokens)
ALTER TABLE topups ADD COLUMN dispute_tokens BIGINT CHECK (dispute_tokens >= 0);
ALTER TABLE topups ADD COLUMN chargeback_kept_tokens BIGINT NOT NULL DEFAULT 0 CHECK (chargeback_kept_tokens >= 0);
ALTER TABLE topup_refunds ADD COLUMN given_back BIGINT CHECK (given_back >= 0);
