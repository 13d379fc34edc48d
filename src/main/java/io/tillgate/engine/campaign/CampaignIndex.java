package io.tillgate.engine.campaign;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
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
            if (c.couponRequired()) {
                continue; // found through the session's coupons only
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

    public List<Campaign> candidates(Set<String> skus, Set<String> categories, Set<Long> couponCampaigns) {
        LinkedHashSet<Campaign> found = new LinkedHashSet<>(always);
        skus.forEach(s -> found.addAll(bySku.getOrDefault(s, List.of())));
        categories.forEach(c -> found.addAll(byCategory.getOrDefault(c, List.of())));
        couponCampaigns.forEach(id -> Optional.ofNullable(byId.get(id)).ifPresent(found::add));
        return List.copyOf(found);
    }
}
