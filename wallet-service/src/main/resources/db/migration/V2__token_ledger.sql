-- The double-entry token ledger (SPEC §2, §3): every movement of tokens relayed on billing.events
-- becomes two rows, the paying side (-amount) and the receiving side (+amount), which sum to zero.
-- The unique key (event_id, side) is the permanent record that an event was booked: a replayed
-- event inserts nothing. The sum of an account's rows is its balance (checked by reconciliation).
CREATE TABLE token_ledger (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id        TEXT        NOT NULL,
    -- The movement's number in the order Redis applied it (pes:billing:seq); both rows share it.
    seq             BIGINT      NOT NULL CHECK (seq > 0),
    side            TEXT        NOT NULL CHECK (side IN ('from', 'to')),
    account         TEXT        NOT NULL,
    amount          BIGINT      NOT NULL,
    counter_account TEXT        NOT NULL,
    -- charge | credit | debit | hold_capture
    kind            TEXT        NOT NULL,
    category        TEXT,
    -- When Redis applied the movement (the event's time), not when the row was written.
    created_at      TIMESTAMPTZ NOT NULL,
    recorded_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT token_ledger_event_side UNIQUE (event_id, side),
    CONSTRAINT token_ledger_sign CHECK ((side = 'from' AND amount < 0) OR (side = 'to' AND amount > 0))
);

-- Balances: the sum of an account's rows.
CREATE INDEX token_ledger_account ON token_ledger (account) INCLUDE (amount, seq);
-- Reconciliation: is every movement up to a given seq booked?
CREATE INDEX token_ledger_seq ON token_ledger (seq);
