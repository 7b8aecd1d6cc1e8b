-- A chargeback of a top-up's payment (a Stripe dispute): the tokens taken back, and whether they
-- were given back after a won dispute (taking and returning: written down before the move, so a
-- crash leaves it to be finished). A charge is disputed at most once.
ALTER TABLE topups ADD COLUMN dispute_ref VARCHAR(255);
ALTER TABLE topups ADD COLUMN chargeback_tokens BIGINT CHECK (chargeback_tokens > 0);
ALTER TABLE topups ADD COLUMN chargeback_state VARCHAR(16) CHECK (chargeback_state IN ('taking', 'taken', 'returning', 'returned', 'lost'));
