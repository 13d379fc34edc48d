package io.tillgate.translate;

/** What a plan does, as stored with each outcome and shown on the transactions endpoint. */
public enum Operation {
    OPEN, UPDATE, CLOSE, CANCEL, RETURN, REOPEN_AND_CLOSE, NO_CHANGE, DUPLICATE, STALE, REJECTED
}
