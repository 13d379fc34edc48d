-- A session's custom identifiers (Talon.One's: a device, an IP address), which budgets may count per Identifier.
-- 20 identifiers of 200 characters, as JSON: a quote or backslash is escaped in two
ALTER TABLE engine_session ADD COLUMN identifiers VARCHAR(9000);
