package io.tillgate.engine.session;


/** One budget counter: a campaign's action, counted campaign-wide ({@code ""}) or per profile or coupon. */
public record BudgetKey(long campaignId, BudgetAction action, String entityKey) implements Comparable<BudgetKey> {

    @Override
    public int compareTo(BudgetKey o) {
        int c = Long.compare(campaignId, o.campaignId);
        if (c == 0) {
            c = action.compareTo(o.action);
        }
        return c != 0 ? c : entityKey.compareTo(o.entityKey);
    }
}
