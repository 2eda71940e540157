-- Event-Based Rules and the events matched against them.
CREATE TABLE rules (
    id         TEXT PRIMARY KEY NOT NULL,
    name       TEXT NOT NULL,
    name_key   TEXT NOT NULL,                -- lower-cased name: unique ignoring case
    enabled    INTEGER NOT NULL DEFAULT 0,
    trigger    TEXT NOT NULL,                -- the event type it listens to
    conditions TEXT NOT NULL,                -- JSON Conditions
    actions    TEXT NOT NULL,                -- JSON [InvokeAction]
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE UNIQUE INDEX rules_name_key ON rules (name_key);
CREATE INDEX rules_enabled_trigger ON rules (trigger) WHERE enabled = 1;

-- Every event received (test, ingest endpoint, CLI), with the outcome of matching it: which
-- rules matched, which condition failed for the others, and the deliveries it created.
CREATE TABLE events (
    id          TEXT PRIMARY KEY NOT NULL,
    type        TEXT NOT NULL,
    occurred_at TEXT NOT NULL,
    source      TEXT NOT NULL,               -- test, ingest, cli
    contact_id  TEXT,
    contact     TEXT NOT NULL,               -- JSON: the contact as the rules saw it
    data        TEXT NOT NULL,               -- JSON
    evaluation  TEXT NOT NULL,               -- JSON [RuleEvaluation]
    created_at  INTEGER NOT NULL             -- Unix ms
) STRICT;

CREATE INDEX events_created ON events (created_at DESC, id DESC);
