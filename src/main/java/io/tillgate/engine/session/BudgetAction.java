package io.tillgate.engine.session;

/** What a budget counts (Talon.One's limit actions), and in what: money, points or whole numbers. */
public enum BudgetAction {
    /** total discount amount */
    setDiscount(Unit.MONEY),
    /** number of discount effects */
    setDiscountEffect(Unit.COUNT),
    redeemCoupon(Unit.COUNT),
    createCoupon(Unit.COUNT),
    redeemReferral(Unit.COUNT),
    createReferral(Unit.COUNT),
    createLoyaltyPoints(Unit.POINTS),
    redeemLoyaltyPoints(Unit.POINTS);

    /** Points are counted to the hundredth, as loyalty programs hold them. */
    public static final int POINTS_SCALE = 2;

    private enum Unit { MONEY, POINTS, COUNT }

    private final Unit unit;

    BudgetAction(Unit unit) {
        this.unit = unit;
    }

    /** The decimals its limits and counters have: the currency's for money, 2 for points, none for counts. */
    public int scale(int currencyScale) {
        return switch (unit) {
            case MONEY -> currencyScale;
            case POINTS -> POINTS_SCALE;
            case COUNT -> 0;
        };
    }

    public boolean countsMoney() {
        return unit == Unit.MONEY;
    }
}
