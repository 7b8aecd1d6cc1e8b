-- One row per metered API call a node paid for (seeds/001 "MeteredAPIUsage Records").
CREATE TABLE metered_usage (
    usage_id          VARCHAR(128)   PRIMARY KEY,
    node_id           VARCHAR(128)   NOT NULL,
    operator_id       VARCHAR(128),
    model_id          VARCHAR(128)   NOT NULL,
    task_source       VARCHAR(8)     NOT NULL CHECK (task_source IN ('own', 'hive', 'idle')),
    tokens_in         BIGINT         NOT NULL CHECK (tokens_in >= 0),
    tokens_out        BIGINT         NOT NULL CHECK (tokens_out >= 0),
    actual_usd_cost   NUMERIC(20, 6) NOT NULL CHECK (actual_usd_cost > 0),
    settlement_status VARCHAR(16)    NOT NULL DEFAULT 'pending'
                      CHECK (settlement_status IN ('pending', 'settled', 'written_off')),
    recorded_at       TIMESTAMPTZ    NOT NULL DEFAULT now()
);

-- Settlement reads the pending hive/idle records per operator; own records are never settled.
CREATE INDEX metered_usage_pending ON metered_usage (operator_id)
    WHERE settlement_status = 'pending' AND task_source <> 'own';
-- The budget gate sums today's hive/idle spend of a node.
CREATE INDEX metered_usage_node_day ON metered_usage (node_id, recorded_at) WHERE task_source <> 'own';
