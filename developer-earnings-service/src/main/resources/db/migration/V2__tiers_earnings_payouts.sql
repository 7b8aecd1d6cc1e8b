-- Developers and their tiers (seeds/002 "Developer Tiers"): explorer is automatic and never expires;
-- bought or granted tiers end at tier_expires_at and fall back to explorer.
CREATE TABLE developers (
    developer_id    VARCHAR(128) PRIMARY KEY,
    tier            VARCHAR(16)  NOT NULL DEFAULT 'explorer'
                    CHECK (tier IN ('explorer', 'indie', 'studio', 'partner')),
    tier_expires_at TIMESTAMPTZ,
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- A purchase is written before the wallet is debited: a retry reuses its event_id, so the
-- wallet debits once whatever happens between the debit and our commit.
CREATE TABLE tier_purchases (
    purchase_id  BIGSERIAL    PRIMARY KEY,
    developer_id VARCHAR(128) NOT NULL REFERENCES developers (developer_id),
    tier         VARCHAR(16)  NOT NULL CHECK (tier IN ('indie', 'studio')),
    amount       BIGINT       NOT NULL CHECK (amount > 0),
    event_id     VARCHAR(64)  NOT NULL UNIQUE,
    status       VARCHAR(16)  NOT NULL CHECK (status IN ('pending', 'completed', 'refused')),
    created_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    completed_at TIMESTAMPTZ
);
-- At most one purchase in flight per developer: concurrent requests share its event id.
CREATE UNIQUE INDEX tier_purchases_one_pending ON tier_purchases (developer_id) WHERE status = 'pending';

-- An admin may set an app's platform fee; NULL means the configured default.
ALTER TABLE apps ADD COLUMN platform_fee_override BIGINT CHECK (platform_fee_override >= 0);

-- One row per charge event of billing.events (seeds/002 "What gets written"), unique per event.
CREATE TABLE developer_earnings (
    event_id        VARCHAR(200) PRIMARY KEY,
    developer_id    VARCHAR(128) NOT NULL,
    app_id          VARCHAR(128) NOT NULL,
    user_id         VARCHAR(128) NOT NULL,
    tool_name       VARCHAR(128) NOT NULL,
    byollm          BOOLEAN      NOT NULL,
    action_cost     BIGINT       NOT NULL CHECK (action_cost >= 0),
    developer_share BIGINT       NOT NULL CHECK (developer_share >= 0),
    platform_share  BIGINT       NOT NULL CHECK (platform_share >= 0),
    earned_at       TIMESTAMPTZ  NOT NULL,
    recorded_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CHECK (developer_share + platform_share = action_cost)
);
CREATE INDEX developer_earnings_developer ON developer_earnings (developer_id);
CREATE INDEX developer_earnings_app_time ON developer_earnings (app_id, earned_at);

-- Payouts: the USD amount is fixed at request with the rate of that moment.
CREATE TABLE developer_payouts (
    payout_id     BIGSERIAL     PRIMARY KEY,
    developer_id  VARCHAR(128)  NOT NULL REFERENCES developers (developer_id),
    amount_tokens BIGINT        NOT NULL CHECK (amount_tokens > 0),
    usd_per_token NUMERIC(20,6) NOT NULL CHECK (usd_per_token > 0),
    amount_usd    NUMERIC(20,6) NOT NULL,
    status        VARCHAR(16)   NOT NULL CHECK (status IN ('requested', 'approved', 'rejected', 'paid')),
    requested_at  TIMESTAMPTZ   NOT NULL DEFAULT now(),
    decided_at    TIMESTAMPTZ,
    paid_at       TIMESTAMPTZ
);
CREATE INDEX developer_payouts_developer ON developer_payouts (developer_id);

-- Admin adjustments (chargebacks, disputes): signed, never zero, always explained.
CREATE TABLE earnings_adjustments (
    adjustment_id BIGSERIAL    PRIMARY KEY,
    developer_id  VARCHAR(128) NOT NULL REFERENCES developers (developer_id),
    amount        BIGINT       NOT NULL CHECK (amount <> 0),
    admin_note    VARCHAR(1000) NOT NULL CHECK (length(trim(admin_note)) > 0),
    created_by    VARCHAR(128) NOT NULL,
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX earnings_adjustments_developer ON earnings_adjustments (developer_id);
