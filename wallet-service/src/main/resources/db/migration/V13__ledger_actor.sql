-- Who asked for a movement of another account's tokens (SPEC §10, four eyes): an admin's credit,
-- debit, charge or hold capture, a service's debit (the token's subject). Written with the movement
-- itself (the Lua script appends it to the billing stream, the relay to the event, the ledger here),
-- so a refused request leaves nothing and a booked movement always names its actor. NULL when the
-- account's owner moved its own tokens or the suite made the movement (a top-up, a refund, a
-- distribution; their own records say why), and on rows booked before this column.
ALTER TABLE token_ledger ADD COLUMN actor TEXT;
-- No index: a review reads it by event id or account (indexed); every admin-made charge would pay one.
