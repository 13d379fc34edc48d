package io.tillgate.engine.campaign;

/** What a budget is counted per: the whole campaign, each customer profile, each store, or each coupon. */
public enum BudgetEntity {
    Campaign, Profile, Store, Coupon
}
