-- The parking lot of contracts/parking (SPEC §10 "Nothing is dropped silently"). Not a migration
-- location of its own: each service copies this into its db/migration as its next version, so
-- that adopting it never renumbers another service's history.
CREATE TABLE parked_event (
    id              BIGSERIAL    PRIMARY KEY,
    channel         VARCHAR(100) NOT NULL,
    message_key     VARCHAR(200),
    payload         TEXT         NOT NULL,
    reason          TEXT         NOT NULL,
    status          VARCHAR(16)  NOT NULL DEFAULT 'parked' CHECK (status IN ('parked', 'replayed')),
    replay_attempts INTEGER      NOT NULL DEFAULT 0,
    parked_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    replayed_at     TIMESTAMPTZ
);
CREATE INDEX parked_event_waiting ON parked_event (id) WHERE status = 'parked';
