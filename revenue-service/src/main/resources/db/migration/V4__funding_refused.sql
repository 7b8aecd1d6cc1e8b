-- A goal request goal-service refused comes back as a refusal (issue 16): the decision is closed
-- as refused, which frees auto-funding for the next check; its excess was never funded, so the
-- next decision may count it again.
ALTER TABLE funding_decision DROP CONSTRAINT funding_decision_state_check;
ALTER TABLE funding_decision ADD CONSTRAINT funding_decision_state_check
    CHECK (state IN ('requested', 'active', 'stopped', 'refused'));
