-- Offers at the till: a coupon bound to a customer session, locked (until expires_at) or redeemed. A lock counts
-- as a use of the coupon for every other session while it lasts; a redemption is the usage counter and the
-- redeemCoupon budget charges (charges) it took, which reinstate, a void or a reopen give back. amount: the discount
-- the engine answered the till's lock or redeem with (null for a redemption no till call made). Rows are changed
-- only while the coupon's own row is locked, so one coupon's holds are never raced.
CREATE TABLE engine_coupon_hold (
    coupon_id      BIGINT       NOT NULL,
    session_id     VARCHAR(401) NOT NULL,
    application_id BIGINT       NOT NULL,
    kind           VARCHAR(16)  NOT NULL,
    expires_at     TIMESTAMP WITH TIME ZONE,
    charges        TEXT         NOT NULL,
    amount         NUMERIC(19, 4),
    created        TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (coupon_id, session_id)
);
CREATE INDEX engine_coupon_hold_session ON engine_coupon_hold (application_id, session_id);
-- A coupon's live locks, counted at every use of a coupon with a limit: not its many redemptions.
CREATE INDEX engine_coupon_hold_locks ON engine_coupon_hold (coupon_id, kind, expires_at);

-- The answers of the till's synchronous offer calls (lock, redeem, unlock, reinstate), kept for the request id
-- retention: a resend gets the first answer. employee_id is who asked, for the record.
CREATE TABLE pos_offer_request (
    credential  VARCHAR(200) NOT NULL,
    client_id   VARCHAR(200) NOT NULL,
    request_id  VARCHAR(200) NOT NULL,
    call        VARCHAR(16)  NOT NULL,
    fingerprint CHAR(64)     NOT NULL,
    store_id    VARCHAR(200) NOT NULL,
    employee_id VARCHAR(200),
    status      INTEGER      NOT NULL,
    answer      TEXT         NOT NULL,
    received_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (credential, client_id, request_id)
);
CREATE INDEX pos_offer_request_received_at ON pos_offer_request (received_at);
