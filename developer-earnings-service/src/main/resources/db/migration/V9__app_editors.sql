-- SPEC §10, four eyes: the admins other than its developer who changed an app (pricing, name,
-- platform fee) since its last approval. None of them approves it; another admin reviews what they
-- set. The rows of an app go when it is approved.
CREATE TABLE app_editor (
    app_id VARCHAR(128) NOT NULL REFERENCES apps (app_id),
    editor VARCHAR(256) NOT NULL,
    PRIMARY KEY (app_id, editor)
);
