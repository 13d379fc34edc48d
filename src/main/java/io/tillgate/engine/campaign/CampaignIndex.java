package io.tillgate.engine.campaign;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One application's campaigns, indexed by what can trigger them: campaigns that need a coupon are found
 * through the session's coupons, campaigns with {@code appliesTo} through the cart's SKUs and categories;
 * only the rest are evaluated for every session. So evaluation cost follows what a cart can trigger,
 * not how many campaigns exist.
 */
public final class CampaignIndex {
    private final Map<Long, Campaign> byId = new HashMap<>();
    private final List<Campaign> always = new ArrayList<>();
    private final Map<String, List<Campaign>> bySku = new HashMap<>();
    private final Map<String, List<Campaign>> byCategory = new HashMap<>();

    public CampaignIndex(Collection<Campaign> campaigns) {
        for (Campaign c : campaigns) {
            byId.put(c.id(), c);
            if (c.couponRequired() || c.referralRequired()) {
                continue; // found through the session's coupons or referral code only
            }
            if (!c.indexedByCart()) {
                always.add(c);
            }
            c.skus().forEach(s -> bySku.computeIfAbsent(s, k -> new ArrayList<>()).add(c));
            c.categories().forEach(s -> byCategory.computeIfAbsent(s, k -> new ArrayList<>()).add(c));
        }
    }

    public Optional<Campaign> get(long id) {
        return Optional.ofNullable(byId.get(id));
    }

    public Collection<Campaign> all() {
        return byId.values();
    }

    /**
     * The campaigns a session with these SKUs, categories and coupon campaigns (the campaigns of its coupons and of its
     * referral code) can trigger, in id order.
     */
    public List<Campaign> candidates(Set<String> skus, Set<String> categories, Set<Long> couponCampaigns) {
        List<Campaign> found = new ArrayList<>(always);
        for (String sku : skus) {
            found.addAll(bySku.getOrDefault(sku, List.of()));
        }
        for (String category : categories) {
            found.addAll(byCategory.getOrDefault(category, List.of()));
        }
        for (Long id : couponCampaigns) {
            Campaign campaign = byId.get(id);
            if (campaign != null) {
                found.add(campaign);
            }
        }
        found.sort(Comparator.comparingLong(Campaign::id));
        int kept = 0; // a campaign reached through several SKUs or categories is kept once
        for (Campaign campaign : found) {
            if (kept == 0 || found.get(kept - 1).id() != campaign.id()) {
                found.set(kept++, campaign);
            }
        }
        return List.copyOf(found.subList(0, kept));
    }
}
