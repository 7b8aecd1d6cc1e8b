-- Who decided a payout and who marked it paid (SPEC §10, four eyes: never the developer itself).
-- Payouts decided before this migration name no one (NULL).
ALTER TABLE developer_payouts ADD COLUMN decided_by VARCHAR(200);
ALTER TABLE developer_payouts ADD COLUMN paid_by VARCHAR(200);
