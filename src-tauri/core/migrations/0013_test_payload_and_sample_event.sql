-- The destination form's Test payload is kept with the destination: the URL bindings (JSON
-- {variable: expression}) and the payload expression ('' : the form's default). A new rule's
-- action starts from them.
ALTER TABLE destinations ADD COLUMN test_bindings TEXT NOT NULL DEFAULT '{}';
ALTER TABLE destinations ADD COLUMN test_payload TEXT NOT NULL DEFAULT '';

-- The event data a rule's preview renders with (JSON); NULL: its trigger type's sample.
ALTER TABLE rules ADD COLUMN sample_event_data TEXT;
