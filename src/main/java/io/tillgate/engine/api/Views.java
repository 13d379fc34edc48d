package io.tillgate.engine.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tillgate.engine.campaign.Campaign;
import io.tillgate.engine.session.CouponView;
import io.tillgate.engine.session.Effect;
import io.tillgate.engine.evaluate.Evaluation;
import io.tillgate.engine.money.Money;
import io.tillgate.engine.session.CartItem;
import io.tillgate.engine.session.CustomerSession;
import io.tillgate.engine.store.LoyaltyStore;
import io.tillgate.engine.store.ProfileStore;
import io.tillgate.engine.json.Json;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** Renders engine values in the shapes of Talon.One's OpenAPI schemas. */
final class Views {
    private Views() {
    }

    /** Totals at the currency's scale, like every amount: 0.00, not 0, for an empty cart or no additional costs. */
    static ObjectNode session(CustomerSession s, Money money) {
        ObjectNode n = Json.MAPPER.createObjectNode()
                .put("id", s.id())
                .put("created", s.created().toString())
                .put("integrationId", s.integrationId())
                .put("applicationId", s.applicationId())
                .put("profileId", s.profileId() == null ? "" : s.profileId())
                .put("state", s.state().wireName());
        if (s.storeId() != null) {
            n.put("storeIntegrationId", s.storeId());
        }
        ArrayNode codes = n.putArray("couponCodes");
        s.couponCodes().forEach(codes::add);
        ArrayNode cards = n.putArray("loyaltyCards");
        s.loyaltyCards().forEach(cards::add);
        ArrayNode identifiers = n.putArray("identifiers");
        s.identifiers().forEach(identifiers::add);
        if (s.referralCode() != null) {
            n.put("referralCode", s.referralCode());
        }
        ArrayNode items = n.putArray("cartItems");
        BigDecimal total = money.zero();
        for (int i = 0; i < s.cartItems().size(); i++) {
            CartItem c = s.cartItems().get(i);
            ObjectNode item = items.addObject();
            if (c.name() != null) {
                item.put("name", c.name());
            }
            item.put("sku", c.sku()).put("quantity", c.quantity()).put("returnedQuantity", c.returnedQuantity())
                    .put("remainingQuantity", c.remainingQuantity()).put("price", c.price()).put("position", i);
            if (c.category() != null) {
                item.put("category", c.category());
            }
            if (c.attributes() != null) {
                item.set("attributes", c.attributes());
            }
            if (!c.additionalCosts().isEmpty()) {
                ObjectNode costs = item.putObject("additionalCosts");
                c.additionalCosts().forEach(cost -> costs.putObject(cost.name()).put("price", money.of(cost.price())));
            }
            total = total.add(money.of(c.total()));
        }
        n.set("attributes", s.attributes() == null ? Json.MAPPER.createObjectNode() : s.attributes());
        if (!s.additionalCosts().isEmpty()) {
            ObjectNode costs = n.putObject("additionalCosts");
            s.additionalCosts().forEach(c -> costs.putObject(c.name()).put("price", money.of(c.price())));
        }
        BigDecimal costs = money.of(s.additionalCostTotal());
        n.put("firstSession", s.firstSession())
                .put("total", total.add(costs))
                .put("cartItemTotal", total)
                .put("additionalCostTotal", costs)
                .put("updated", s.updated().toString());
        return n;
    }

    static ArrayNode effects(List<Effect> effects) {
        return Json.MAPPER.valueToTree(effects);
    }

    static ObjectNode coupon(CouponView c, Instant created) {
        ObjectNode n = Json.MAPPER.createObjectNode()
                .put("id", c.id())
                .put("created", (created == null ? Instant.EPOCH : created).toString())
                .put("campaignId", c.campaignId())
                .put("value", c.value())
                .put("usageLimit", c.usageLimit())
                .put("usageCounter", c.usageCounter());
        if (c.recipient() != null) {
            n.put("recipientIntegrationId", c.recipient());
        }
        if (c.expiryDate() != null) {
            n.put("expiryDate", c.expiryDate().toString());
        }
        return n;
    }

    /** Talon.One's Referral. */
    static ObjectNode referral(io.tillgate.engine.session.ReferralView r) {
        ObjectNode n = Json.MAPPER.createObjectNode()
                .put("id", r.id())
                .put("created", r.created().toString())
                .put("campaignId", r.campaignId())
                .put("code", r.code())
                .put("advocateProfileIntegrationId", r.advocate())
                .put("usageLimit", r.usageLimit())
                .put("usageCounter", r.usageCounter());
        if (r.friend() != null) {
            n.put("friendProfileIntegrationId", r.friend());
        }
        if (r.startDate() != null) {
            n.put("startDate", r.startDate().toString());
        }
        if (r.expiryDate() != null) {
            n.put("expiryDate", r.expiryDate().toString());
        }
        n.set("attributes", r.attributes());
        return n;
    }

    static ObjectNode integrationCoupon(CouponView c) {
        return coupon(c, null).put("profileRedemptionCount", 0);
    }

    static ObjectNode profile(ProfileStore.Profile p, io.tillgate.engine.money.Money money) {
        ObjectNode n = Json.MAPPER.createObjectNode()
                .put("id", p.id())
                .put("created", p.created().toString())
                .put("integrationId", p.integrationId())
                .put("accountId", 1)
                .put("closedSessions", p.closedSessions())
                .put("totalSales", money.of(p.totalSales()))
                .put("lastActivity", p.lastActivity().toString());
        n.set("attributes", p.attributes());
        return n;
    }

    static ObjectNode campaign(Campaign c, Instant created) {
        ObjectNode n = Json.MAPPER.createObjectNode()
                .put("id", c.id())
                .put("created", created.toString())
                .put("applicationId", c.applicationId())
                .put("userId", 0)
                .put("name", c.name())
                .put("description", "")
                .put("state", c.enabled() ? "enabled" : "disabled")
                .put("type", "advanced")
                .put("frontendState", c.enabled() ? "running" : "disabled")
                .put("storesImported", false);
        n.putArray("tags");
        ArrayNode features = n.putArray("features");
        if (c.couponRequired() || !c.coupons().isEmpty()) {
            features.add("coupons");
        }
        if (c.referralRequired()) {
            features.add("referrals");
        }
        ArrayNode limits = n.putArray("limits");
        c.budgets().forEach(b -> {
            ObjectNode l = limits.addObject().put("action", b.action().name()).put("limit", b.limit());
            ArrayNode entities = l.putArray("entities");
            if (b.entity() != io.tillgate.engine.campaign.BudgetEntity.Campaign) {
                entities.add(b.entity().name());
            }
        });
        return n;
    }

    static ArrayNode failures(List<Evaluation.RuleFailure> failures) {
        ArrayNode list = Json.MAPPER.createArrayNode();
        failures.forEach(f -> list.addObject().put("campaignID", f.campaignId()).put("campaignName", f.campaignName())
                .put("rulesetID", f.campaignId()).put("ruleIndex", f.ruleIndex()).put("ruleName", f.ruleName())
                .put("details", f.details()));
        return list;
    }

    static ObjectNode ledger(LoyaltyStore.Balance b) {
        return Json.MAPPER.createObjectNode()
                .put("currentBalance", b.activePoints())
                .put("pendingBalance", b.pendingPoints())
                .put("negativeBalance", b.negativePoints())
                .put("expiredBalance", b.expiredPoints())
                .put("spentBalance", b.spentPoints())
                .put("tentativeCurrentBalance", b.activePoints());
    }

    static ObjectNode error(String message, String title, String details, String pointer) {
        ObjectNode n = Json.MAPPER.createObjectNode().put("message", message);
        ObjectNode e = n.putArray("errors").addObject().put("title", title).put("details", details);
        ObjectNode source = e.putObject("source");
        if (pointer != null) {
            source.put("pointer", pointer);
        }
        return n;
    }
}
