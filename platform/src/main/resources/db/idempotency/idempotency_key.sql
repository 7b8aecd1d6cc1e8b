-- The shape of the Idempotency-Key table (contracts/idempotency/IdempotencyKeys). It is not a
-- migration itself: each service that takes the header copies it into its own db/migration, so
-- every service keeps its own schema history. One row per (route scope, caller, key), kept for good.
CREATE TABLE idempotency_key (
    scope           VARCHAR(64)  NOT NULL,
    caller          VARCHAR(200) NOT NULL,
    key             VARCHAR(128) NOT NULL,
    -- SHA-256 (hex) of the canonical request body; request_body is that canonical body, kept so a
    -- reused key is answered with the fields that differ.
    fingerprint     CHAR(64)     NOT NULL,
    request_body    TEXT         NOT NULL,
    status          VARCHAR(16)  NOT NULL CHECK (status IN ('in_progress', 'completed')),
    response_status INT          CHECK (response_status BETWEEN 200 AND 499),
    response_body   TEXT,
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    -- While in_progress across transactions: until when the first attempt holds the key.
    locked_until    TIMESTAMPTZ,
    completed_at    TIMESTAMPTZ,
    PRIMARY KEY (scope, caller, key),
    CHECK (status = 'in_progress' OR (response_status IS NOT NULL AND response_body IS NOT NULL))
);
