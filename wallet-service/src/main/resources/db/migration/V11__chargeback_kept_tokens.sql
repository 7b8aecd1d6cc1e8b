-- A refund taken, then a chargeback of the payment capped by it, then the refund failing: the bank
-- took the money the refund would have returned, so the refund's tokens stay taken, for the chargeback.
--   topups.dispute_tokens:           what the dispute's amount bought, before any cap (null: no dispute
--                                    decided since this column exists; such a chargeback keeps nothing)
--   topups.chargeback_kept_tokens:   tokens failed refunds left to the chargeback (already in the
--                                    treasury; a won dispute gives them back with its own)
--   topup_refunds.kept_by_chargeback: of this refund's tokens, those it left to the chargeback when it
--                                    failed; the rest was given back
ALTER TABLE topups ADD COLUMN dispute_tokens BIGINT CHECK (dispute_tokens >= 0);
ALTER TABLE topups ADD COLUMN chargeback_kept_tokens BIGINT NOT NULL DEFAULT 0 CHECK (chargeback_kept_tokens >= 0);
ALTER TABLE topup_refunds ADD COLUMN kept_by_chargeback BIGINT NOT NULL DEFAULT 0 CHECK (kept_by_chargeback >= 0);
