package io.tillgate.engine.loyalty;

/** How points go back when what earned them is returned (Talon.One's {@code returnPolicy}). */
public enum ReturnPolicy {
    /** Only points still pending are taken back; active ones stay. */
    only_pending,
    /** Points are taken back as far as the customer's balance allows; it never goes below zero. */
    within_balance,
    /** All of them, even if the balance goes negative. */
    unlimited
}
