-- Preferences that are not secrets (retention, sandbox switch, ...), as text values.
CREATE TABLE app_settings (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;
