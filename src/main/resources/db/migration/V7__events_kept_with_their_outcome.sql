-- The session events of an outcome, kept so that a redelivered job whose work had committed publishes them
-- again (the broker drops what it already has): their types and states, each with how many of the outcome's
-- effects are its own, in order, and the profile they name. Null for outcomes whose events went through the
-- outbox (effect_outbox), which the gateway drains once at start-up and no longer writes.
ALTER TABLE pos_outcome ADD COLUMN events TEXT;
