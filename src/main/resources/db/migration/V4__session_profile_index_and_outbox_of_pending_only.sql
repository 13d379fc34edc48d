-- Whether a profile has closed a session before (a new session's firstSession) is asked on every session
-- update; without this index it scanned every session of the application, slower with each one stored.
CREATE INDEX engine_session_profile ON engine_session (application_id, profile_id, closed_at);

-- The outbox holds only what is not yet on the broker: a published event's row is deleted, not marked, so
-- the table stays small instead of keeping a copy of every event ever sent.
DELETE FROM effect_outbox WHERE published_at IS NOT NULL;
DROP INDEX effect_outbox_pending;
ALTER TABLE effect_outbox DROP COLUMN published_at;
