-- SPEC §10 "with someone else's id": a usage id is the node's own. Keyed by usage id alone, an
-- operator could record on its own node an id another node's agent would use later, whose real
-- record was then refused as reused and never paid.
ALTER TABLE metered_usage DROP CONSTRAINT metered_usage_pkey;
ALTER TABLE metered_usage ADD PRIMARY KEY (node_id, usage_id);

-- Whether the suite knows who reported the record (an authenticated REST caller), or it came from
-- metered.usage, whose one credential all node agents share. Records kept before are taken as known,
-- so that none of them can be displaced (MeteredUsageService).
ALTER TABLE metered_usage ADD COLUMN reporter_known BOOLEAN NOT NULL DEFAULT true;
ALTER TABLE metered_usage ALTER COLUMN reporter_known DROP DEFAULT;
