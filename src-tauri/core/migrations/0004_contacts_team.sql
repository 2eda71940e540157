-- Sample contacts (for previews and test events) and the team profile. Each is one JSON
-- document: their fields are the product's render context, read whole, never queried apart.
CREATE TABLE contacts (
    id         TEXT PRIMARY KEY NOT NULL,
    document   TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE team (
    singleton  INTEGER PRIMARY KEY NOT NULL CHECK (singleton = 1),
    document   TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
