-- The API Deliveries log at a million rows: one index per filter, each ordered newest first
-- for keyset pages and ending in last_category so "counts per status for this filter" is read
-- from the index alone; and full-text search over URL, payload and response.

-- Replaces 0005's deliveries_created with the same order plus last_category (covering counts
-- over a time range); one index instead of two keeps the engine's writes cheaper.
CREATE INDEX deliveries_log_created ON deliveries (created_at DESC, id DESC, last_category);
DROP INDEX deliveries_created;
CREATE INDEX deliveries_log_category ON deliveries (last_category, created_at DESC, id DESC);
CREATE INDEX deliveries_log_destination ON deliveries (destination_id, created_at DESC, id DESC, last_category);
CREATE INDEX deliveries_log_rule ON deliveries (rule_id, created_at DESC, id DESC, last_category)
    WHERE rule_id IS NOT NULL;

-- Text search. Contentless (the text already lives in deliveries and attempts; a copy would
-- double the file) with deletes allowed, keyed by the rowid of the row it indexes. The app never
-- runs VACUUM, which is what could renumber those rowids; if it ever does, rebuild these tables.
CREATE VIRTUAL TABLE deliveries_text USING fts5 (url, body, content = '', contentless_delete = 1);
CREATE VIRTUAL TABLE attempts_text USING fts5 (response, content = '', contentless_delete = 1);

CREATE TRIGGER deliveries_text_insert AFTER INSERT ON deliveries BEGIN
    INSERT INTO deliveries_text (rowid, url, body) VALUES (new.rowid, new.url, new.body);
END;
CREATE TRIGGER deliveries_text_delete AFTER DELETE ON deliveries BEGIN
    DELETE FROM deliveries_text WHERE rowid = old.rowid;
END;
-- A response body is written once, when its attempt completes.
CREATE TRIGGER attempts_text_update AFTER UPDATE OF response_body ON attempts
    WHEN new.response_body IS NOT NULL BEGIN
    DELETE FROM attempts_text WHERE rowid = new.rowid;
    INSERT INTO attempts_text (rowid, response) VALUES (new.rowid, CAST(new.response_body AS TEXT));
END;
-- Also fires for the cascade when a delivery is pruned.
CREATE TRIGGER attempts_text_delete AFTER DELETE ON attempts BEGIN
    DELETE FROM attempts_text WHERE rowid = old.rowid;
END;

-- Deliveries written before this migration become searchable too.
INSERT INTO deliveries_text (rowid, url, body) SELECT rowid, url, body FROM deliveries;
INSERT INTO attempts_text (rowid, response)
    SELECT rowid, CAST(response_body AS TEXT) FROM attempts WHERE response_body IS NOT NULL;
