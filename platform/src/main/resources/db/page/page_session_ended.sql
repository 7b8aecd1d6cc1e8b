-- The pages' signed-out sessions (platform/page PageSessions; SPEC §10: the page cookie signs in to
-- pages only). Not a migration location of its own: each service with pages copies this into its
-- db/migration as its next version. A row is kept until the session's token would have expired
-- (the next sign-out deletes the rows past it); a cookie of a session listed here signs in nowhere.
CREATE TABLE page_session_ended (
    session_id TEXT        PRIMARY KEY,
    expires_at TIMESTAMPTZ NOT NULL,
    ended_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX page_session_ended_expires_at ON page_session_ended (expires_at);
