-- When a top-up saga entered its state: wallet.topup.stuck counts a saga by how long it has been
-- there, not since its last retry, which touches updated_at every few minutes while it keeps failing.
ALTER TABLE topups ADD COLUMN state_since TIMESTAMPTZ;
UPDATE topups SET state_since = updated_at;
ALTER TABLE topups ALTER COLUMN state_since SET NOT NULL;
ALTER TABLE topups ALTER COLUMN state_since SET DEFAULT now();
