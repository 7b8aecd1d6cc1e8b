-- The refusals told before this table existed: their outbox rows (kept after publishing) say which.
INSERT INTO goal_request_refused (request_id, refused_at)
SELECT regexp_replace(event_id, '^goal-request:(.*):refused$', '\1'), created_at
FROM outbox
WHERE event_id LIKE 'goal-request:%:refused'
ON CONFLICT (request_id) DO NOTHING;
