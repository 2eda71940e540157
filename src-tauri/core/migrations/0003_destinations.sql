-- API Destinations. auth_id has no foreign key on purpose: when an auth config is deleted the
-- destination keeps pointing at it and shows "auth config missing" until the user picks another.
CREATE TABLE destinations (
    id                 TEXT PRIMARY KEY NOT NULL,
    name               TEXT NOT NULL,
    name_key           TEXT NOT NULL,
    endpoint           TEXT NOT NULL,
    method             TEXT NOT NULL CHECK (method IN ('POST', 'PUT', 'PATCH', 'DELETE')),
    auth_id            TEXT,
    headers            TEXT NOT NULL DEFAULT '[]', -- JSON [{name, value}]
    timeout_secs       INTEGER NOT NULL CHECK (timeout_secs BETWEEN 1 AND 120),
    retry_policy       TEXT NOT NULL,              -- JSON RetryPolicy
    rate_limit_per_sec INTEGER,
    concurrency_limit  INTEGER,
    enabled            INTEGER NOT NULL DEFAULT 1,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
) STRICT;

CREATE UNIQUE INDEX destinations_name_key ON destinations (name_key);
CREATE INDEX destinations_auth_id ON destinations (auth_id);
