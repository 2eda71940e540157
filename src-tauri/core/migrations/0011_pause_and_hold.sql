-- A destination can be paused: by the user, or (later) by its circuit breaker. While it is
-- paused its scheduled deliveries are held, and resuming releases them.
ALTER TABLE destinations ADD COLUMN paused_at INTEGER;          -- Unix ms; NULL: not paused
ALTER TABLE destinations ADD COLUMN pause_reason TEXT
    CHECK (pause_reason IN ('user', 'circuit_breaker'));

-- A held delivery stays 'scheduled' with no due time (next_attempt_at NULL), so no claim takes
-- it and the dispatcher's index is unchanged; this says why it waits. The reasons are those of
-- a laptop's day: its destination is paused, the machine is offline, the keyring is locked.
ALTER TABLE deliveries ADD COLUMN hold_reason TEXT
    CHECK (hold_reason IN ('destination_paused', 'offline', 'keyring_locked'));
