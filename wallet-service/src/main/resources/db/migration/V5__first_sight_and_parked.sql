-- The suite's first sight of every caller-named id that carries no time of its own (anything but a
-- UUIDv7): the idempotency window of such an id runs from here, so a replay after the window is
-- refused instead of applied again (SPEC §10). Kept for good: deleting a row would reopen its id.
CREATE TABLE first_sight (
    kind       TEXT        NOT NULL CHECK (kind IN ('event', 'hold')),
    id         TEXT        NOT NULL,
    first_seen TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (kind, id)
);

-- Events wallet-service received and could not apply (SPEC §10 "Nothing is dropped silently"):
-- a billing event whose id the ledger already holds for another movement, a credit whose event id
-- was used for something else. Kept with the reason, listed at GET /v1/admin/parked.
CREATE TABLE parked_event (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source      TEXT        NOT NULL,
    event_id    TEXT        NOT NULL,
    seq         BIGINT,
    reason      TEXT        NOT NULL,
    payload     TEXT        NOT NULL,
    parked_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    resolved_at TIMESTAMPTZ,
    resolution  TEXT,
    UNIQUE (source, event_id, reason)
);
CREATE INDEX parked_event_seq ON parked_event (seq) WHERE seq IS NOT NULL;
