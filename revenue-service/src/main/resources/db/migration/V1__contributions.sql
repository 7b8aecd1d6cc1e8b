-- A user's contribution score: the weight of their part of the 90% user pool (seeds/000).
CREATE TABLE contributions (
    account     VARCHAR(128) PRIMARY KEY,
    score       BIGINT       NOT NULL CHECK (score >= 0),
    updated_at  TIMESTAMPTZ  NOT NULL DEFAULT now()
);
