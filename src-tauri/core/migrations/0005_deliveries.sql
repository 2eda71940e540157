-- The delivery queue and its attempts. Times are Unix milliseconds (sortable, compact).
-- No foreign keys to destinations, rules, contacts or auth configs: a delivery is history and
-- keeps its frozen copy (names included) after any of them is deleted.
CREATE TABLE deliveries (
    id                 TEXT PRIMARY KEY NOT NULL,
    state              TEXT NOT NULL CHECK (state IN
                         ('scheduled', 'in_flight', 'succeeded', 'failed', 'exhausted', 'cancelled')),
    source             TEXT NOT NULL,              -- test, rule, replay, cli
    destination_id     TEXT NOT NULL,
    destination_name   TEXT NOT NULL,
    rule_id            TEXT,
    rule_name          TEXT,
    action_index       INTEGER,
    event_id           TEXT NOT NULL,
    event_type         TEXT NOT NULL,
    contact_id         TEXT,
    contact_name       TEXT,
    auth_id            TEXT,
    auth_kind          TEXT,
    auth_name          TEXT,
    replay_of          TEXT,
    -- The frozen request. Headers hold no credentials: auth is applied at send time.
    method             TEXT NOT NULL,
    url                TEXT NOT NULL,
    headers            TEXT NOT NULL,              -- JSON [{name, value}]
    body               TEXT,                       -- the exact bytes sent; NULL for no body
    timeout_secs       INTEGER NOT NULL,
    retry_policy       TEXT NOT NULL,              -- JSON RetryPolicy, frozen with the request
    -- How it was rendered, so Replay can render it again with today's configuration.
    payload_expression TEXT NOT NULL,
    bindings           TEXT NOT NULL,              -- JSON {variable: expression}
    event_data         TEXT NOT NULL,              -- JSON
    -- Progress.
    attempt_count      INTEGER NOT NULL DEFAULT 0,
    scheduled_attempts INTEGER NOT NULL DEFAULT 0, -- those the retry policy counts (not manual)
    manual_pending     INTEGER NOT NULL DEFAULT 0, -- the next attempt was asked for by a person
    next_attempt_at    INTEGER,
    last_category      TEXT,
    last_http_status   INTEGER,
    last_duration_ms   INTEGER,
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL
) STRICT;

-- The dispatcher's question: what is due for this destination, soonest first.
CREATE INDEX deliveries_due ON deliveries (destination_id, next_attempt_at) WHERE state = 'scheduled';
-- The log: newest first, keyset by (created_at, id).
CREATE INDEX deliveries_created ON deliveries (created_at DESC, id DESC);

CREATE TABLE attempts (
    id                  TEXT PRIMARY KEY NOT NULL,
    delivery_id         TEXT NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
    number              INTEGER NOT NULL,
    trigger             TEXT NOT NULL CHECK (trigger IN ('scheduled', 'manual')),
    started_at          INTEGER NOT NULL,
    completed_at        INTEGER,                   -- NULL while in flight
    duration_ms         INTEGER,
    category            TEXT,
    cause               TEXT,
    http_status         INTEGER,
    request_url         TEXT,                      -- as sent, credentials masked
    request_headers     TEXT,                      -- JSON [{name, value}], credentials masked
    response_headers    TEXT,                      -- JSON [{name, value}]
    response_body       BLOB,                      -- the first 64 KiB
    response_body_size  INTEGER,                   -- every byte received, kept or not
    error               TEXT,
    hint                TEXT,
    next_attempt_at     INTEGER                    -- the retry this attempt scheduled, if any
) STRICT;

CREATE INDEX attempts_delivery ON attempts (delivery_id, number);
CREATE INDEX attempts_in_flight ON attempts (delivery_id) WHERE completed_at IS NULL;
