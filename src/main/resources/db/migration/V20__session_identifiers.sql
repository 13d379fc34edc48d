-- A session's custom identifiers (Talon.One's: a device, an IP address), which budgets may count per Identifier.
ALTER TABLE engine_session ADD COLUMN identifiers VARCHAR(4200);
