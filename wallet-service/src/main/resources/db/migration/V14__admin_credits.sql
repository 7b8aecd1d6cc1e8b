-- SPEC §10, four eyes on the treasury: every admin credit from platform:treasury, as asked. One admin
-- alone credits up to its allowance in any 24 hours (wallet.admin-credits.single-admin-daily-max); a
-- credit past it waits here, approved_by NULL, until a second admin sends the same request. Written
-- before the credit is made (balance/AdminCredits), so a row may name a credit Redis then refused
-- (event_id_reused) or never made (a crash): it still counts against its admin's allowance.
CREATE TABLE admin_credit (
    event_id    TEXT PRIMARY KEY,
    account     TEXT NOT NULL,
    amount      BIGINT NOT NULL CHECK (amount > 0),
    reason      TEXT NOT NULL,
    proposed_by TEXT NOT NULL,
    proposed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    approved_by TEXT,
    approved_at TIMESTAMPTZ
);
-- The allowance: an admin's credits made alone in the last 24 hours.
CREATE INDEX admin_credit_alone ON admin_credit (proposed_by, proposed_at) WHERE approved_by = proposed_by;
