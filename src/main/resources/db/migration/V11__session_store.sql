-- The store a customer session happens at (Talon.One's storeIntegrationId): per-store budgets and store in CEL.
ALTER TABLE engine_session ADD COLUMN store_id VARCHAR(200);
