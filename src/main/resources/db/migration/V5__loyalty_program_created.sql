-- When a loyalty program was first saved, as Talon.One's LoyaltyProgram.created shows it (programs saved
-- before this column existed are dated at the migration).
ALTER TABLE engine_loyalty_program ADD COLUMN created TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL;
