-- Whether Redis' movement counter (pes:billing:seq) was ever made. Once it was, only an admin's
-- rebuild makes it again (after Redis lost its data): the wallet never starts it from 0 a second
-- time, even while the ledger, behind Kafka, holds no movement yet. One row at most.
CREATE TABLE movement_counter (
    id       SMALLINT    PRIMARY KEY CHECK (id = 1),
    made_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- A deployment from before V8 whose ledger holds movements made its counter long ago.
INSERT INTO movement_counter (id) SELECT 1 WHERE EXISTS (SELECT 1 FROM token_ledger);
