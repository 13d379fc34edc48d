-- What-if simulations read an application's sales in the order they closed, a period at a time.
CREATE INDEX engine_session_closed ON engine_session (application_id, closed_at);
