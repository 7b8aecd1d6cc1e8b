-- Who asked for a movement of someone else's tokens (SPEC §10, four eyes): an admin's credit,
-- debit, charge or hold capture, a service's debit. Written before the movement runs (a crash after
-- it still names who asked), once per id and actor; a user moving its own tokens writes nothing here
-- (the movement's account is its actor). The ledger (token_ledger) says what moved; this, who asked.
CREATE TABLE movement_actor (
    event_id  VARCHAR(300) NOT NULL,
    actor     VARCHAR(200) NOT NULL,
    route     VARCHAR(16)  NOT NULL,
    asked_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (event_id, actor)
);
CREATE INDEX movement_actor_actor ON movement_actor (actor, asked_at);
