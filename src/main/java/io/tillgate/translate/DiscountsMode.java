package io.tillgate.translate;

/**
 * Whose discounts count for a store ({@code discounts} in {@code mappings/stores.yaml}): the engine's (the discounts
 * it finds are published for consumers to act on, and budgets are charged with them), or the till's (what the
 * customer got: budgets and redemptions follow the POS's discounts, and points are earned on net prices).
 */
public enum DiscountsMode {
    ENGINE, POS
}
