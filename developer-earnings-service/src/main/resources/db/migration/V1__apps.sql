-- Apps and their pricing (seeds/002 "Revenue & Earnings"). revenue_split_dev is fixed at approval
-- from the developer's tier and is NULL until the app is first approved.
CREATE TABLE apps (
    app_id            VARCHAR(128) PRIMARY KEY,
    developer_id      VARCHAR(128) NOT NULL,
    name              VARCHAR(200) NOT NULL,
    status            VARCHAR(16)  NOT NULL DEFAULT 'draft'
                      CHECK (status IN ('draft', 'pending_review', 'active', 'suspended')),
    pricing_model     VARCHAR(8)   NOT NULL CHECK (pricing_model IN ('free', 'paid')),
    base_price        BIGINT       NOT NULL CHECK (base_price >= 0),
    platform_fee      BIGINT       NOT NULL CHECK (platform_fee >= 0),
    revenue_split_dev INTEGER      CHECK (revenue_split_dev BETWEEN 0 AND 100),
    version           BIGINT       NOT NULL DEFAULT 1,
    created_at        TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CHECK (pricing_model = 'paid' OR base_price = 0)
);

CREATE INDEX apps_developer ON apps (developer_id);
