-- A profile's tier in a program, kept with its account: the tier (null: none), since when, and until when (null: while
-- the balance holds it); and when the profile joined the program, from which program_join_date tiers expire.
ALTER TABLE engine_loyalty_account ADD COLUMN tier_name VARCHAR(200);
ALTER TABLE engine_loyalty_account ADD COLUMN tier_since TIMESTAMP WITH TIME ZONE;
ALTER TABLE engine_loyalty_account ADD COLUMN tier_expiry TIMESTAMP WITH TIME ZONE;
ALTER TABLE engine_loyalty_account ADD COLUMN joined TIMESTAMP WITH TIME ZONE;
UPDATE engine_loyalty_account SET joined = COALESCE(
    (SELECT MIN(p.created) FROM engine_loyalty_points p WHERE p.program_id = engine_loyalty_account.program_id
                                                          AND p.profile_id = engine_loyalty_account.profile_id),
    CURRENT_TIMESTAMP);
