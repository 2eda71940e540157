-- Counts per status without scanning the log: how many deliveries there are per UTC day of
-- creation, destination, rule and last category, kept by triggers. The chips above the log then
-- add up a few thousand rows instead of reading a million index entries.
-- '' stands for "no rule" and for "no finished attempt yet": primary key columns of a
-- WITHOUT ROWID table cannot be NULL.
CREATE TABLE delivery_counts (
    day            INTEGER NOT NULL,   -- created_at / 86,400,000
    destination_id TEXT NOT NULL,
    rule_id        TEXT NOT NULL,
    category       TEXT NOT NULL,
    n              INTEGER NOT NULL,
    PRIMARY KEY (day, destination_id, rule_id, category)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER delivery_counts_insert AFTER INSERT ON deliveries BEGIN
    INSERT INTO delivery_counts (day, destination_id, rule_id, category, n)
    VALUES (new.created_at / 86400000, new.destination_id, coalesce(new.rule_id, ''),
            coalesce(new.last_category, ''), 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

-- Only the engine's completions change a delivery's category; the other columns never change,
-- but are watched so the counts cannot drift if that ever stops being true.
CREATE TRIGGER delivery_counts_update
    AFTER UPDATE OF last_category, destination_id, rule_id, created_at ON deliveries
    WHEN old.last_category IS NOT new.last_category
      OR old.destination_id IS NOT new.destination_id
      OR old.rule_id IS NOT new.rule_id
      OR old.created_at IS NOT new.created_at
BEGIN
    UPDATE delivery_counts SET n = n - 1
    WHERE day = old.created_at / 86400000 AND destination_id = old.destination_id
      AND rule_id = coalesce(old.rule_id, '') AND category = coalesce(old.last_category, '');
    INSERT INTO delivery_counts (day, destination_id, rule_id, category, n)
    VALUES (new.created_at / 86400000, new.destination_id, coalesce(new.rule_id, ''),
            coalesce(new.last_category, ''), 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER delivery_counts_delete AFTER DELETE ON deliveries BEGIN
    UPDATE delivery_counts SET n = n - 1
    WHERE day = old.created_at / 86400000 AND destination_id = old.destination_id
      AND rule_id = coalesce(old.rule_id, '') AND category = coalesce(old.last_category, '');
END;

INSERT INTO delivery_counts (day, destination_id, rule_id, category, n)
    SELECT created_at / 86400000, destination_id, coalesce(rule_id, ''),
           coalesce(last_category, ''), COUNT(*)
    FROM deliveries GROUP BY 1, 2, 3, 4;
