package io.tillgate.pos;

/** What to do when a line or the transaction does not add up: accept with a warning, or refuse. */
public enum ArithmeticPolicy {
    WARN, REJECT
}
