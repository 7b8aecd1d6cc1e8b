-- SPEC §10: an app goes live only at the price an admin reviewed. An edit of a suspended app marks
-- it changed since its last approval: it must be submitted and reviewed again, it cannot be
-- re-approved straight from suspended. (V3 is the idempotency keys' migration.)
ALTER TABLE apps ADD COLUMN changed_since_approval BOOLEAN NOT NULL DEFAULT false;
