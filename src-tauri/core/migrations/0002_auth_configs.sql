-- API Auth configs ("API Endpoints Auth"). Secret values are never here: only the names of
-- the secret fields currently stored in the OS keyring (under account "<id>/<field>").
CREATE TABLE auth_configs (
    id          TEXT PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL,
    name_key    TEXT NOT NULL,              -- lower-cased name: unique ignoring case in any alphabet
    kind        TEXT NOT NULL,
    settings    TEXT NOT NULL,              -- JSON: the kind's non-secret fields
    secrets_set TEXT NOT NULL DEFAULT '[]', -- JSON array of secret field names held in the keyring
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;

CREATE UNIQUE INDEX auth_configs_name_key ON auth_configs (name_key);
