package io.tillgate.engine.campaign;

/**
 * What a budget is counted per: the whole campaign, each customer profile, each store, each coupon, each custom
 * identifier, or each referral code.
 */
public enum BudgetEntity {
    Campaign, Profile, Store, Coupon, Identifier, Referral
}
