package io.tillgate.engine.campaign;

/** What a budget is counted per: the whole campaign, each customer profile, each store, each coupon, or each custom identifier. */
public enum BudgetEntity {
    Campaign, Profile, Store, Coupon, Identifier
}
