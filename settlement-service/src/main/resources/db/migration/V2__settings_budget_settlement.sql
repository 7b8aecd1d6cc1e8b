-- Compute settings per node, with the source's names and defaults (seeds/001, compute-config).
-- The provider identity fields (cause_alignment, electricity_rate_kwh) live here too: this
-- service has no separate peer table.
CREATE TABLE node_compute_settings (
    node_id                    VARCHAR(128)   PRIMARY KEY,
    operator_id                VARCHAR(128)   NOT NULL,
    node_tier                  VARCHAR(16)    NOT NULL DEFAULT 'flat'
                               CHECK (node_tier IN ('flat', 'regional', 'central')),
    compute_policy             VARCHAR(16)    NOT NULL DEFAULT 'local_preferred'
                               CHECK (compute_policy IN ('local_only', 'local_preferred', 'any')),
    hive_compute_policy        VARCHAR(16)    NOT NULL DEFAULT 'local_preferred'
                               CHECK (hive_compute_policy IN ('local_only', 'local_preferred', 'any')),
    max_hive_gpu_pct           INTEGER        NOT NULL DEFAULT 50 CHECK (max_hive_gpu_pct BETWEEN 0 AND 100),
    allow_metered_for_hive     BOOLEAN        NOT NULL DEFAULT false,
    metered_daily_limit_usd    NUMERIC(20, 6) NOT NULL DEFAULT 0 CHECK (metered_daily_limit_usd >= 0),
    offered_gpu_hours_per_day  NUMERIC(6, 2)  NOT NULL DEFAULT 0 CHECK (offered_gpu_hours_per_day BETWEEN 0 AND 24),
    accept_thought_experiments BOOLEAN        NOT NULL DEFAULT true,
    accept_frontier_training   BOOLEAN        NOT NULL DEFAULT false,
    auto_settle                BOOLEAN        NOT NULL DEFAULT true,
    min_settlement_spark       BIGINT         NOT NULL DEFAULT 10 CHECK (min_settlement_spark >= 1),
    cause_alignment            VARCHAR(32)    NOT NULL DEFAULT 'democratize_compute'
                               CHECK (cause_alignment IN ('democratize_compute', 'frontier_training', 'thought_experiments')),
    electricity_rate_kwh       NUMERIC(10, 6) NOT NULL DEFAULT 0 CHECK (electricity_rate_kwh >= 0),
    joined_at                  TIMESTAMPTZ,
    updated_at                 TIMESTAMPTZ    NOT NULL DEFAULT now(),
    -- The source's tier restriction, kept by the database too.
    CONSTRAINT central_never_metered_for_hive CHECK (node_tier <> 'central' OR NOT allow_metered_for_hive)
);
CREATE INDEX node_compute_settings_operator ON node_compute_settings (operator_id);

-- What the budget gate allowed and has not yet seen spent: each allowed authorization reserves its
-- estimate against the node's UTC day until the usage record that names it arrives (consumed) or
-- the reservation's time to live passes.
CREATE TABLE budget_reservation (
    authorization_id UUID           PRIMARY KEY,
    node_id          VARCHAR(128)   NOT NULL,
    spend_day        DATE           NOT NULL,
    estimated_usd    NUMERIC(20, 6) NOT NULL CHECK (estimated_usd > 0),
    created_at       TIMESTAMPTZ    NOT NULL DEFAULT now(),
    expires_at       TIMESTAMPTZ    NOT NULL,
    consumed_by      VARCHAR(128)
);
CREATE INDEX budget_reservation_open ON budget_reservation (node_id, spend_day) WHERE consumed_by IS NULL;

-- One row per settlement batch: one operator's award, whose event (id = batch_id) went to the
-- outbox in the same transaction.
CREATE TABLE settlement_batch (
    batch_id     UUID           PRIMARY KEY,
    operator_id  VARCHAR(128)   NOT NULL,
    tokens       BIGINT         NOT NULL CHECK (tokens > 0),
    usd          NUMERIC(20, 6) NOT NULL,
    record_count INTEGER        NOT NULL,
    spark_per_usd BIGINT        NOT NULL,
    settled_at   TIMESTAMPTZ    NOT NULL DEFAULT now()
);
CREATE INDEX settlement_batch_operator ON settlement_batch (operator_id);

-- Each batch's share per node, for the provider view's reward summary without reading records.
CREATE TABLE settlement_batch_node (
    batch_id     UUID           NOT NULL,
    node_id      VARCHAR(128)   NOT NULL,
    tokens       BIGINT         NOT NULL,
    usd          NUMERIC(20, 6) NOT NULL,
    record_count INTEGER        NOT NULL,
    PRIMARY KEY (batch_id, node_id)
);
CREATE INDEX settlement_batch_node_node ON settlement_batch_node (node_id);

-- Hive/idle USD a node spent per UTC day, kept as usage is recorded: the budget gate and the
-- provider view read one row instead of summing records, and metered_usage needs no index that
-- settlement would have to rewrite for every record it settles.
CREATE TABLE node_daily_spend (
    node_id   VARCHAR(128)   NOT NULL,
    spend_day DATE           NOT NULL,
    usd       NUMERIC(20, 6) NOT NULL,
    PRIMARY KEY (node_id, spend_day)
);

ALTER TABLE metered_usage
    ADD COLUMN batch_id         UUID,
    ADD COLUMN spark_awarded    BIGINT,
    ADD COLUMN settled_at       TIMESTAMPTZ,
    ADD COLUMN authorization_id UUID;
-- Settling a record makes a new row version; every index whose entry it needs is one more write
-- per record, so metered_usage keeps only the primary key and indexes of pending records.
DROP INDEX metered_usage_node_day;
-- The provider view counts a node's pending records.
CREATE INDEX metered_usage_node_pending ON metered_usage (node_id)
    WHERE settlement_status = 'pending' AND task_source <> 'own';
