-- How a destination writes its payload into the request body: JSON (as every destination did
-- before) or a form (application/x-www-form-urlencoded).
ALTER TABLE destinations ADD COLUMN body_format TEXT NOT NULL DEFAULT 'json'
    CHECK (body_format IN ('json', 'form'));
