-- A delivery's detail lists the replays made of it ("Replayed as"). Partial: only replays are
-- in it, so the engine's other inserts do not pay for it.
CREATE INDEX deliveries_replays ON deliveries (replay_of, created_at DESC) WHERE replay_of IS NOT NULL;
