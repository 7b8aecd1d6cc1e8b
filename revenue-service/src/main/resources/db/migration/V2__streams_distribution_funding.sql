-- Daily roll-ups of the revenue streams (SPEC §6): one row per UTC day and stream, so any period is
-- answered by summing at most period_days × 3 rows, never by scanning events.
CREATE TABLE revenue_rollup (
    day     DATE        NOT NULL,
    stream  VARCHAR(16) NOT NULL CHECK (stream IN ('api', 'ad', 'hosting')),
    amount  BIGINT      NOT NULL CHECK (amount >= 0),
    events  BIGINT      NOT NULL CHECK (events >= 0),
    PRIMARY KEY (day, stream)
);

-- Every event counted into a roll-up, inserted in the same transaction as its increment: a replay
-- finds its id here and changes nothing.
CREATE TABLE processed_event (
    event_id     VARCHAR(200) PRIMARY KEY,
    processed_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- Compute a node spent in a distribution period: its weight in the infrastructure pool. A report
-- replaces the node's figure for the period (a node reports its running total).
CREATE TABLE compute_report (
    period        CHAR(7)      NOT NULL,
    node_id       VARCHAR(128) NOT NULL,
    account       VARCHAR(128) NOT NULL,
    tier          VARCHAR(16)  NOT NULL CHECK (tier IN ('regional', 'central')),
    compute_units BIGINT       NOT NULL CHECK (compute_units > 0),
    reported_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (period, node_id)
);

-- A distributed period: the primary key is what makes a period distributed once, whoever runs it.
CREATE TABLE distribution_period (
    period        CHAR(7)     PRIMARY KEY,
    period_start  DATE        NOT NULL,
    period_end    DATE        NOT NULL,
    period_gross  BIGINT      NOT NULL,
    late_gross    BIGINT      NOT NULL,
    users_pool    BIGINT      NOT NULL,
    infra_pool    BIGINT      NOT NULL,
    central_pool  BIGINT      NOT NULL,
    users_paid    BIGINT      NOT NULL,
    infra_paid    BIGINT      NOT NULL,
    central_paid  BIGINT      NOT NULL,
    recipients    INTEGER     NOT NULL,
    distributed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX distribution_period_range ON distribution_period (period_start, period_end);

-- Tokens waiting for a later distribution: a pool that had no eligible recipient (users, infra,
-- central), and 'late' gross: revenue whose event arrived after its period was distributed.
CREATE TABLE distribution_carry (
    pool    VARCHAR(16) PRIMARY KEY CHECK (pool IN ('users', 'infra', 'central', 'late')),
    amount  BIGINT      NOT NULL CHECK (amount >= 0)
);
INSERT INTO distribution_carry (pool, amount) VALUES ('users', 0), ('infra', 0), ('central', 0), ('late', 0);

-- One auto-funding decision: the excess it consumed, the tokens it reserved, the goal it asked for.
CREATE TABLE funding_decision (
    decision_id     VARCHAR(64)    PRIMARY KEY,
    request_id      VARCHAR(128)   NOT NULL UNIQUE,
    excess          NUMERIC(30, 6) NOT NULL,
    -- The all-time platform excess when the decision was made: the next decision may only fund what accrued since.
    excess_mark     NUMERIC(30, 6) NOT NULL,
    reserved_tokens BIGINT         NOT NULL CHECK (reserved_tokens > 0),
    state           VARCHAR(16)    NOT NULL CHECK (state IN ('requested', 'active', 'stopped')),
    goal_id         VARCHAR(64),
    decided_at      TIMESTAMPTZ    NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ    NOT NULL DEFAULT now()
);
-- At most one auto-funded goal requested or active at any time, whatever replicas do.
CREATE UNIQUE INDEX funding_decision_one_open ON funding_decision ((true)) WHERE state IN ('requested', 'active');
