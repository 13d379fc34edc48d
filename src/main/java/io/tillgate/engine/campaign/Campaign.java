package io.tillgate.engine.campaign;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A stored, compiled campaign. The ruleset id is the campaign id: tillgate keeps one ruleset per campaign.
 * {@code readsAudiences}: whether its CEL reads {@code profile.audiences}, which is then read before evaluation.
 */
public record Campaign(long id, long applicationId, String name, boolean enabled, Instant startTime, Instant endTime,
                       boolean couponRequired, boolean referralRequired, Integer couponUsageLimit, Instant couponExpiry, List<String> coupons,
                       boolean partialDiscounts, Set<String> skus, Set<String> categories, List<Budget> budgets,
                       List<Rule> rules, List<Achievement> achievements, boolean readsAudiences, Group group,
                       CampaignDocument document) {

    /** How the campaigns of an evaluation group combine. */
    public enum GroupMode { stackable, listOrder, lowestDiscount, highestDiscount }

    /**
     * The campaign's evaluation group; null for none (it stacks with every other campaign). {@code anchor}: where the
     * group runs among the campaigns, the lowest id of its application's campaigns in it, whichever of them a cart can
     * trigger.
     */
    public record Group(long id, GroupMode mode, int position, long anchor) {
        public boolean exclusive() {
            return mode != GroupMode.stackable;
        }
    }

    /** The campaign with its group anchored at {@code anchor} (the catalog knows the group's other campaigns). */
    public Campaign anchoredAt(long anchor) {
        return group == null || group.anchor() == anchor ? this : new Campaign(id, applicationId, name, enabled, startTime, endTime,
                couponRequired, referralRequired, couponUsageLimit, couponExpiry, coupons, partialDiscounts, skus, categories,
                budgets, rules, achievements, readsAudiences, new Group(group.id(), group.mode(), group.position(), anchor), document);
    }

    /** Where the campaign runs among the others: its id, or its group's anchor. */
    public long order() {
        return group == null ? id : group.anchor();
    }

    /** A campaign is its application and id; comparing compiled rules would be slow and say nothing more. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Campaign c && c.id == id && c.applicationId == applicationId;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id) * 31 + Long.hashCode(applicationId);
    }

    /** The campaign as if enabled: a dry run evaluates the campaigns it names, disabled ones too (Talon.One's evaluableCampaignIds). */
    public Campaign asEnabled() {
        return enabled ? this : new Campaign(id, applicationId, name, true, startTime, endTime, couponRequired, referralRequired, couponUsageLimit,
                couponExpiry, coupons, partialDiscounts, skus, categories, budgets, rules, achievements, readsAudiences, group, document);
    }

    public boolean runningAt(Instant now) {
        return enabled && (startTime == null || !now.isBefore(startTime)) && (endTime == null || now.isBefore(endTime));
    }

    /** Whether the campaign is only worth evaluating for carts holding one of its SKUs or categories. */
    public boolean indexedByCart() {
        return !skus.isEmpty() || !categories.isEmpty();
    }
}
