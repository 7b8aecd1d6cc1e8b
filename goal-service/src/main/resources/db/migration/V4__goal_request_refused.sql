-- The goal requests refused and told so on goals.events (GoalService.refused): a request id once
-- refused stays refused, whatever a replay or a redelivery finds later (a raised
-- goal.max-budget-tokens). revenue-service gives a refused decision's excess back to the next
-- decision; a goal created for the refused request would fund the same excess twice.
CREATE TABLE goal_request_refused (
    request_id TEXT        PRIMARY KEY,
    refused_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
