-- Who asked for a top-up (the token's subject): the sandbox's confirmation is never theirs
-- (SPEC §10 "never by the caller who asked for tokens"). NULL for top-ups asked before V9.
ALTER TABLE topups ADD COLUMN requested_by VARCHAR(200);
