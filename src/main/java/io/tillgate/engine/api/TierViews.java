package io.tillgate.engine.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tillgate.engine.lifecycle.Tiering;
import io.tillgate.engine.loyalty.Tiers;

import java.math.BigDecimal;

/** A customer's tier in Talon.One's shapes: {@code currentTier} ({@code Tier}), the next tier, and the projected tier. */
final class TierViews {
    private TierViews() {
    }

    /** {@code currentTier}, {@code nextTierName} and {@code pointsToNextTier} on a balance or a ledger. */
    static void current(ObjectNode on, Tiers tiers, Tiering.Standing standing) {
        Tiers.Standing s = standing.standing();
        if (s.tier() != null) {
            ObjectNode tier = on.putObject("currentTier").put("id", tiers.rank(s.tier()) + 1).put("name", s.tier());
            if (s.since() != null) {
                tier.put("startDate", s.since().toString());
            }
            if (s.expiry() != null) {
                tier.put("expiryDate", s.expiry().toString()).put("downgradePolicy", tiers.downgrade().name());
            }
        }
        Tiers.Tier next = tiers.above(s.tier());
        if (next != null) {
            on.put("nextTierName", next.name()).put("pointsToNextTier",
                    next.minPoints().subtract(standing.activePoints()).max(BigDecimal.ZERO).setScale(2, java.math.RoundingMode.UNNECESSARY));
        }
    }

    /**
     * {@code projectedTier}: the points active when the tier expires (now, for a tier that follows the balance), and
     * where they would leave the customer.
     */
    static void projected(ObjectNode on, Tiers tiers, Tiering.Standing standing, BigDecimal projectedPoints, java.time.Instant now) {
        Tiers.Standing s = standing.standing();
        Tiers.Standing then = tiers.standing(s, projectedPoints, standing.joined(), s.expiry() == null ? now : s.expiry());
        ObjectNode projected = on.putObject("projectedTier").put("projectedActivePoints", projectedPoints);
        if (then.tier() != null) {
            projected.put("projectedTierName", then.tier());
        }
        if (s.tier() != null && tiers.rank(then.tier()) < tiers.rank(s.tier())) {
            BigDecimal stay = tiers.levels().get(tiers.rank(s.tier())).minPoints().subtract(projectedPoints);
            projected.put("stayInTierPoints", stay.setScale(2, java.math.RoundingMode.UNNECESSARY));
        }
    }
}
