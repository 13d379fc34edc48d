-- What-if simulations read an application's sales in the order they closed, a page at a time from where the last
-- page ended: the index gives that order and the place to start, however many sales closed at the same time.
CREATE INDEX engine_session_closed ON engine_session (application_id, closed_at, integration_id);
