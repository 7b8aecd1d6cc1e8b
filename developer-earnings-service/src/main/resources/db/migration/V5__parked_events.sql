-- The parking lot of contracts/parking (SPEC §10 "Nothing is dropped silently"), as
-- contracts/src/main/resources/db/parking/parked_event.sql gives it.
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
