-- Before ContributionResource took the wallet's account rule (contracts' AccountIds.USER), an account
-- whose name begins with _ . @ or - was accepted: its share of the users pool could never be
-- credited (the wallet parks it for ever) while the pool counted as paid. Such rows leave the pool
-- (score 0, as PUT … 0 does); they are kept, so that what was set stays visible.
UPDATE contributions SET score = 0, updated_at = now()
WHERE score > 0 AND account !~ '^user:[A-Za-z0-9][A-Za-z0-9._@-]{0,119}$';
