package io.tillgate.operators;

/**
 * What an operator may do. A viewer reads (health details, metrics, Hawtio, dead letters, Jolokia reads);
 * an operator also changes things: replays and discards dead letters, starts and stops routes.
 */
public enum OperatorRole {
    VIEWER, OPERATOR;

    /** The Spring Security authority, {@code ROLE_VIEWER} or {@code ROLE_OPERATOR}. */
    public String authority() {
        return "ROLE_" + name();
    }
}
