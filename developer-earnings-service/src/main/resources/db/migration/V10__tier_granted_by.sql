-- SPEC §10, four eyes: the admin who granted the developer's tier in force (an admin's grant moves no
-- tokens: partner, or indie and studio unpaid). An app's approval fixes its split from that tier, so
-- that admin does not approve the developer's apps while the tier holds; another admin does. Null when
-- the tier was bought, is explorer, or was granted before this column.
ALTER TABLE developers ADD COLUMN tier_granted_by VARCHAR(256);
