-- A trading goal (SPEC §7), created once per request id whether it came over REST or Kafka.
CREATE TABLE trading_goal (
    goal_id          VARCHAR(64)  PRIMARY KEY,
    request_id       VARCHAR(128) NOT NULL UNIQUE,
    type             VARCHAR(32)  NOT NULL,
    title            VARCHAR(200) NOT NULL,
    strategy         VARCHAR(32)  NOT NULL,
    market           VARCHAR(64)  NOT NULL,
    budget_tokens    BIGINT       NOT NULL CHECK (budget_tokens > 0),
    max_loss_percent INTEGER      NOT NULL CHECK (max_loss_percent BETWEEN 1 AND 100),
    -- Only the vote path (live_proposal) ever sets 'live'.
    mode             VARCHAR(8)   NOT NULL DEFAULT 'paper' CHECK (mode IN ('paper', 'live')),
    status           VARCHAR(16)  NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'stopped', 'completed')),
    funding_source   VARCHAR(128) NOT NULL,
    created_by       VARCHAR(128) NOT NULL,
    created_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE INDEX trading_goal_type_status ON trading_goal (type, status);

-- The paper book of a goal. Cash is whole tokens; it can never go below zero.
CREATE TABLE paper_portfolio (
    goal_id             VARCHAR(64) PRIMARY KEY REFERENCES trading_goal (goal_id),
    cash_tokens         BIGINT      NOT NULL CHECK (cash_tokens >= 0),
    realised_pnl_tokens BIGINT      NOT NULL DEFAULT 0,
    updated_at          TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- A holding: exact decimal quantity, its cost in whole tokens, and the last trade price seen.
CREATE TABLE paper_position (
    position_id BIGSERIAL      PRIMARY KEY,
    goal_id     VARCHAR(64)    NOT NULL REFERENCES paper_portfolio (goal_id),
    symbol      VARCHAR(32)    NOT NULL,
    quantity    NUMERIC(30, 8) NOT NULL CHECK (quantity >= 0),
    cost_tokens BIGINT         NOT NULL CHECK (cost_tokens >= 0),
    last_price  NUMERIC(30, 8) NOT NULL CHECK (last_price > 0),
    UNIQUE (goal_id, symbol)
);

-- Every accepted paper trade, with what it did to cash and realised P&L.
CREATE TABLE paper_trade (
    trade_id            BIGSERIAL      PRIMARY KEY,
    goal_id             VARCHAR(64)    NOT NULL REFERENCES paper_portfolio (goal_id),
    side                VARCHAR(4)     NOT NULL CHECK (side IN ('buy', 'sell')),
    symbol              VARCHAR(32)    NOT NULL,
    quantity            NUMERIC(30, 8) NOT NULL CHECK (quantity > 0),
    price               NUMERIC(30, 8) NOT NULL CHECK (price > 0),
    cash_delta_tokens   BIGINT         NOT NULL,
    realised_pnl_tokens BIGINT         NOT NULL,
    traded_at           TIMESTAMPTZ    NOT NULL DEFAULT now()
);

CREATE INDEX paper_trade_goal ON paper_trade (goal_id, trade_id);

-- The constitutional vote that alone can put a goal into live mode. Quorum and threshold are
-- fixed when the proposal opens, so a config change never alters a running vote.
CREATE TABLE live_proposal (
    proposal_id           VARCHAR(64)  PRIMARY KEY,
    goal_id               VARCHAR(64)  NOT NULL REFERENCES trading_goal (goal_id),
    opened_by             VARCHAR(128) NOT NULL,
    opened_at             TIMESTAMPTZ  NOT NULL,
    deadline              TIMESTAMPTZ  NOT NULL,
    quorum                INTEGER      NOT NULL CHECK (quorum > 0),
    threshold_numerator   INTEGER      NOT NULL CHECK (threshold_numerator > 0),
    threshold_denominator INTEGER      NOT NULL CHECK (threshold_denominator >= threshold_numerator),
    status                VARCHAR(16)  NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'passed', 'expired')),
    decided_at            TIMESTAMPTZ
);

-- At most one open proposal per goal.
CREATE UNIQUE INDEX live_proposal_one_open ON live_proposal (goal_id) WHERE status = 'open';

CREATE TABLE live_vote (
    proposal_id VARCHAR(64)  NOT NULL REFERENCES live_proposal (proposal_id),
    voter       VARCHAR(128) NOT NULL,
    approve     BOOLEAN      NOT NULL,
    cast_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    -- One vote per voter per proposal, whatever races.
    PRIMARY KEY (proposal_id, voter)
);
