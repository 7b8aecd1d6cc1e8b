-- SPEC §10 "Metered usage is paid only when it was allowed": a record is payable, for at most
-- payable_usd, or it is not_payable with the reason kept beside it (never paid, never deleted).
ALTER TABLE metered_usage DROP CONSTRAINT metered_usage_settlement_status_check;
ALTER TABLE metered_usage ADD CONSTRAINT metered_usage_settlement_status_check
    CHECK (settlement_status IN ('pending', 'settled', 'written_off', 'not_payable'));
ALTER TABLE metered_usage
    ADD COLUMN payable_usd        NUMERIC(20, 6) CHECK (payable_usd > 0),
    ADD COLUMN not_payable_reason VARCHAR(64);

-- Records already pending keep what their authorization bounds; those that named none were never
-- allowed and are not paid.
UPDATE metered_usage m SET payable_usd = LEAST(m.actual_usd_cost, r.estimated_usd)
FROM budget_reservation r
WHERE r.authorization_id = m.authorization_id AND r.node_id = m.node_id AND r.consumed_by = m.usage_id
  AND m.settlement_status = 'pending' AND m.task_source <> 'own';
UPDATE metered_usage SET settlement_status = 'not_payable', not_payable_reason = 'no_authorization'
WHERE settlement_status = 'pending' AND task_source <> 'own' AND payable_usd IS NULL;

-- The provider view lists a node's unpaid records by reason.
CREATE INDEX metered_usage_node_not_payable ON metered_usage (node_id) WHERE settlement_status = 'not_payable';

-- What was found payable per node and UTC day: the daily cap bounds this, not the actual spend.
CREATE TABLE node_daily_payable (
    node_id   VARCHAR(128)   NOT NULL,
    spend_day DATE           NOT NULL,
    usd       NUMERIC(20, 6) NOT NULL,
    PRIMARY KEY (node_id, spend_day)
);

-- Nodes are registered to an operator by an admin or a service; an admin may move one. Every
-- registration and move is kept.
CREATE TABLE node_owner_change (
    id            BIGSERIAL    PRIMARY KEY,
    node_id       VARCHAR(128) NOT NULL,
    from_operator VARCHAR(128),
    to_operator   VARCHAR(128) NOT NULL,
    changed_by    VARCHAR(128) NOT NULL,
    changed_at    TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX node_owner_change_node ON node_owner_change (node_id);

-- The per-operator daily award ceiling sums today's batches of an operator.
CREATE INDEX settlement_batch_operator_day ON settlement_batch (operator_id, settled_at);
