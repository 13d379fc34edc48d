package io.tillgate.engine.campaign;

/** What a budget counts (Talon.One's limit actions). */
public enum BudgetAction {
    /** total discount amount */
    setDiscount,
    /** number of discount effects */
    setDiscountEffect,
    redeemCoupon,
    createCoupon,
    createLoyaltyPoints,
    redeemLoyaltyPoints
}
