package io.tillgate.fulfil;

/** An operation the worker performs on an engine session for a plan. */
public enum SessionOperation {
    UPDATE_OPEN("update open"),
    UPDATE_CLOSED("update closed"),
    UPDATE_CANCELLED("update cancelled"),
    RETURN("return"),
    REOPEN("reopen"),
    /** A void of a transaction never seen: no session, but the offers the till locked or redeemed for it freed. */
    RELEASE_OFFERS("release offers");

    private final String wireName;

    SessionOperation(String wireName) {
        this.wireName = wireName;
    }

    /** As stored with the outcome and shown on the transactions endpoint. */
    public String wireName() {
        return wireName;
    }
}
