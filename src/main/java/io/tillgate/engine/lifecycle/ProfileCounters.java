package io.tillgate.engine.lifecycle;

import io.tillgate.engine.campaign.BudgetPeriod;
import io.tillgate.engine.session.BudgetKey;

/**
 * Where a per-Profile charge is given back after its customer moved: a merge adds the merged profile's counters to the
 * kept profile's, an erasure moves them to the anonymous id, so a charge made under the old id is given back to the
 * counter of the profile the customer is now.
 */
final class ProfileCounters {
    private static final String PROFILE = "profile:";

    private ProfileCounters() {
    }

    /** The key as the counter of {@code profileId}, when it is a per-Profile counter of another; else the key. */
    static BudgetKey of(BudgetKey key, String profileId) {
        String entity = key.entityKey();
        int start = BudgetPeriod.entityStart(entity);
        if (profileId == null || !entity.startsWith(PROFILE, start) || entity.substring(start + PROFILE.length()).equals(profileId)) {
            return key;
        }
        return new BudgetKey(key.campaignId(), key.action(), entity.substring(0, start) + PROFILE + profileId);
    }

    /** The profile a per-Profile key counts for; null for another key. */
    static String profile(BudgetKey key) {
        String entity = key.entityKey();
        int start = BudgetPeriod.entityStart(entity);
        return entity.startsWith(PROFILE, start) ? entity.substring(start + PROFILE.length()) : null;
    }
}
