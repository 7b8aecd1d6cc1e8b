-- Who made a charge when it was not the user (an admin charging a user: the billing event's
-- `actor`, which only wallet-service writes); NULL for the user's own call and for rows stored
-- before this column. A payout's approval does not count what the approving admin charged, as it
-- does not count the adjustments it booked (PayoutService.OWN_CREDITS): one admin charging users for
-- an accomplice's app does not approve the payout those charges alone cover. No index: the check
-- reads one developer's rows (developer_earnings' developer index).
ALTER TABLE developer_earnings ADD COLUMN charged_by TEXT;
