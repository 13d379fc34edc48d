package io.tillgate.engine.catalog;

import io.tillgate.engine.campaign.Achievement;
import io.tillgate.engine.campaign.Budget;
import io.tillgate.engine.campaign.BudgetEntity;
import io.tillgate.engine.campaign.BudgetPeriod;
import io.tillgate.engine.campaign.Campaign;
import io.tillgate.engine.campaign.CampaignDocument;
import io.tillgate.engine.campaign.CampaignProblem;
import io.tillgate.engine.campaign.CelEnvironment;
import io.tillgate.engine.campaign.EffectFields;
import io.tillgate.engine.campaign.EffectSpec;
import io.tillgate.engine.campaign.EffectType;
import io.tillgate.engine.campaign.Expression;
import io.tillgate.engine.campaign.InvalidCampaignException;
import io.tillgate.engine.campaign.Rule;
import io.tillgate.engine.effects.EffectTypes;
import io.tillgate.engine.json.Json;
import io.tillgate.engine.session.BudgetAction;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.types.CelType;
import dev.cel.common.types.SimpleType;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Checks a campaign document and compiles its CEL, collecting every problem with a pointer to its field. */
public final class CampaignCompiler {
    /** A campaign's size: its evaluation and storage stay small whatever an operator sends. */
    public static final int MAX_RULES = 100;
    public static final int MAX_EFFECTS = 50;
    public static final int MAX_LIMITS = 20;
    public static final int MAX_COUPONS = 10_000;
    public static final int MAX_APPLIES_TO = 1_000;
    /** What the coupon column holds. */
    public static final int MAX_CODE_LENGTH = EffectFields.MAX_CODE_LENGTH;
    /** Literal discounts and points: what the money and points columns hold. */
    public static final BigDecimal MAX_VALUE = EffectFields.MAX_VALUE;

    private CampaignCompiler() {
    }

    public static Campaign compile(long applicationId, long campaignId, CampaignDocument doc) {
        return compile(applicationId, campaignId, doc, null);
    }

    /**
     * Compiles a campaign for an application whose currency has {@code currencyScale} decimals: money limits
     * with more are refused (null when the currency is not known, for a campaign checked when it was stored).
     */
    public static Campaign compile(long applicationId, long campaignId, CampaignDocument doc, Integer currencyScale) {
        List<CampaignProblem> problems = new ArrayList<>();
        if (doc.id() != null && doc.id() != campaignId) {
            problems.add(new CampaignProblem("/id", "id mismatch", "the document's id " + doc.id()
                    + " differs from the campaign id " + campaignId + " in the path"));
        }
        if (doc.name() == null || doc.name().isBlank()) {
            problems.add(new CampaignProblem("/name", "missing name", "a campaign needs a name"));
        }
        String state = doc.state() == null ? "enabled" : doc.state();
        if (!state.equals("enabled") && !state.equals("disabled")) {
            problems.add(new CampaignProblem("/state", "invalid state", "state is 'enabled' or 'disabled', not '" + state + "'"));
        }
        if (doc.couponSettings() != null && doc.couponSettings().usageLimit() != null && doc.couponSettings().usageLimit() < 0) {
            problems.add(new CampaignProblem("/couponSettings/usageLimit", "invalid usageLimit",
                    "usageLimit is a whole number ≥ 0 (0: unlimited)"));
        }
        List<Budget> budgets = new ArrayList<>();
        List<CampaignDocument.Limit> limits = elements(doc.limits(), "/limits", MAX_LIMITS, problems);
        for (int i = 0; i < limits.size(); i++) {
            if (limits.get(i) != null) {
                String at = "/limits/" + i;
                budget(limits.get(i), at, currencyScale, problems).ifPresent(budget -> {
                    // two limits of one action, entity and period would count on one counter, each charging it
                    if (budgets.stream().anyMatch(b -> b.action() == budget.action() && b.entity() == budget.entity()
                            && b.period() == budget.period())) {
                        problems.add(new CampaignProblem(at, "duplicate limit", "another limit counts " + budget.action()
                                + " per " + budget.entity() + (budget.period() == BudgetPeriod.overall ? "" : " " + budget.period())
                                + " already"));
                    } else {
                        budgets.add(budget);
                    }
                });
            }
        }
        codes(doc.coupons(), "/coupons", MAX_COUPONS, problems);
        if (doc.appliesTo() != null) {
            codes(doc.appliesTo().skus(), "/appliesTo/skus", MAX_APPLIES_TO, problems);
            codes(doc.appliesTo().categories(), "/appliesTo/categories", MAX_APPLIES_TO, problems);
        }
        List<Achievement> achievements = AchievementCompiler.compile(doc.achievements(), problems);
        Set<String> achievementNames = new java.util.HashSet<>(); // as declared, so that a mistake in one is told once
        if (doc.achievements() != null) {
            doc.achievements().stream().filter(a -> a != null && a.name() != null).forEach(a -> achievementNames.add(a.name()));
        }
        List<Rule> rules = new ArrayList<>();
        List<CampaignDocument.RuleDocument> ruleDocs = elements(doc.rules(), "/rules", MAX_RULES, problems);
        if (doc.rules() == null || doc.rules().isEmpty()) {
            problems.add(new CampaignProblem("/rules", "no rules", "a campaign needs at least one rule"));
        }
        for (int i = 0; i < ruleDocs.size(); i++) {
            CampaignDocument.RuleDocument r = ruleDocs.get(i);
            String at = "/rules/" + i;
            if (r == null) {
                continue;
            }
            if (r.title() == null || r.title().isBlank()) {
                problems.add(new CampaignProblem(at + "/title", "missing title", "rule " + i + " needs a title"));
            }
            // a condition is the session's: item would be whichever unit came last (a loop's own item is its own)
            Optional<Expression> condition = CelEnvironment.compile(r.condition() == null ? "true" : r.condition(), SimpleType.BOOL,
                    at + "/condition", problems, false);
            List<EffectSpec> effects = effects(r.effects(), at + "/effects", achievementNames, problems);
            List<EffectSpec> failureEffects = effects(r.failureEffects(), at + "/failureEffects", achievementNames, problems);
            condition.ifPresent(c -> rules.add(new Rule(rules.size(), r.title(), c, effects, failureEffects)));
        }
        Campaign.Group group = group(doc.evaluationGroup(), campaignId, problems);
        if (!problems.isEmpty()) {
            throw new InvalidCampaignException(problems);
        }
        CampaignDocument.CouponSettings coupons = doc.couponSettings();
        Set<String> skus = doc.appliesTo() == null || doc.appliesTo().skus() == null ? Set.of() : Set.copyOf(doc.appliesTo().skus());
        Set<String> categories = doc.appliesTo() == null || doc.appliesTo().categories() == null ? Set.of()
                : Set.copyOf(doc.appliesTo().categories());
        return new Campaign(campaignId, applicationId, doc.name(), state.equals("enabled"), doc.startTime(), doc.endTime(),
                Boolean.TRUE.equals(doc.couponRequired()), Boolean.TRUE.equals(doc.referralRequired()), coupons == null ? null : coupons.usageLimit(),
                coupons == null ? null : coupons.expiryDate(),
                doc.coupons() == null ? List.of() : List.copyOf(new LinkedHashSet<>(doc.coupons())),
                Boolean.TRUE.equals(doc.partialDiscounts()), skus, categories, List.copyOf(budgets), List.copyOf(rules),
                achievements, Json.write(doc.rules()).contains("audiences"), group, doc);
    }

    /** The campaign's evaluation group, checked; null for none. */
    private static Campaign.Group group(CampaignDocument.EvaluationGroup group, long campaignId, List<CampaignProblem> problems) {
        if (group == null) {
            return null;
        }
        boolean ok = true;
        if (group.id() == null || group.id() < 1) {
            problems.add(new CampaignProblem("/evaluationGroup/id", "invalid id", "an evaluation group's id is a whole number above 0"));
            ok = false;
        }
        Campaign.GroupMode mode = null;
        for (Campaign.GroupMode m : Campaign.GroupMode.values()) {
            if (m.name().equals(group.mode())) {
                mode = m;
            }
        }
        if (mode == null) {
            problems.add(new CampaignProblem("/evaluationGroup/mode", "invalid mode", "'" + group.mode()
                    + "' is not one of stackable, listOrder, lowestDiscount, highestDiscount"));
            ok = false;
        }
        if (group.position() != null && group.position() < 0) {
            problems.add(new CampaignProblem("/evaluationGroup/position", "invalid position", "position is a whole number ≥ 0"));
            ok = false;
        }
        return ok ? new Campaign.Group(group.id(), mode, group.position() == null ? 0 : group.position(), campaignId) : null;
    }

    private static Optional<Budget> budget(CampaignDocument.Limit limit, String at, Integer currencyScale,
                                           List<CampaignProblem> problems) {
        BudgetAction action;
        try {
            action = BudgetAction.valueOf(String.valueOf(limit.action()));
        } catch (IllegalArgumentException e) {
            problems.add(new CampaignProblem(at + "/action", "unknown budget action", "'" + limit.action()
                    + "' is not one of setDiscount, setDiscountEffect, redeemCoupon, createCoupon, redeemReferral, createReferral, "
                    + "createLoyaltyPoints, redeemLoyaltyPoints"));
            return Optional.empty();
        }
        if (limit.limit() == null || limit.limit().signum() < 0 || limit.limit().compareTo(MAX_VALUE) >= 0) {
            problems.add(new CampaignProblem(at + "/limit", "invalid limit", "limit must be a number ≥ 0 and under 10^15"));
            return Optional.empty();
        }
        if ((currencyScale != null || !action.countsMoney())
                && limit.limit().stripTrailingZeros().scale() > action.scale(currencyScale == null ? 0 : currencyScale)) {
            int scale = action.scale(currencyScale == null ? 0 : currencyScale);
            problems.add(new CampaignProblem(at + "/limit", "invalid limit", scale == 0
                    ? "a " + action + " limit is a whole number"
                    : "a " + action + " limit has at most " + scale + " decimals"));
            return Optional.empty();
        }
        List<String> entities = limit.entities() == null ? List.of() : limit.entities();
        if (entities.size() > 1) {
            problems.add(new CampaignProblem(at + "/entities", "too many entities", "a budget is counted per one entity at most"));
            return Optional.empty();
        }
        String named = entities.isEmpty() ? "Campaign" : String.valueOf(entities.get(0));
        BudgetEntity entity = switch (named) {
            case "Campaign" -> BudgetEntity.Campaign;
            case "Profile" -> BudgetEntity.Profile;
            case "Store" -> BudgetEntity.Store;
            case "Coupon" -> BudgetEntity.Coupon;
            case "Identifier" -> BudgetEntity.Identifier;
            case "Referral" -> BudgetEntity.Referral;
            default -> null;
        };
        if (entity == null) {
            problems.add(new CampaignProblem(at + "/entities/0", "unknown entity", named.equals("Session")
                    ? "budgets per Session are not supported yet; per Campaign, Profile, Store, Coupon, Identifier or Referral are"
                    : "'" + named + "' is not one of Campaign, Profile, Store, Coupon, Identifier, Referral"));
            return Optional.empty();
        }
        BudgetPeriod period;
        try {
            period = limit.period() == null ? BudgetPeriod.overall : BudgetPeriod.valueOf(limit.period());
        } catch (IllegalArgumentException e) {
            period = null;
        }
        if (period == null || (limit.period() != null && period == BudgetPeriod.overall)) {
            problems.add(new CampaignProblem(at + "/period", "unknown period", "'" + limit.period()
                    + "' is not one of daily, weekly, monthly, yearly (leave period out for a budget that never starts again)"));
            return Optional.empty();
        }
        return Optional.of(new Budget(action, limit.limit(), entity, period));
    }

    private static List<EffectSpec> effects(List<JsonNode> docs, String at, Set<String> achievements,
                                            List<CampaignProblem> problems) {
        List<EffectSpec> effects = new ArrayList<>();
        List<JsonNode> listed = elements(docs, at, MAX_EFFECTS, problems);
        for (int i = 0; i < listed.size(); i++) {
            if (listed.get(i) != null && listed.get(i).isObject()) {
                effect(listed.get(i), at + "/" + i, achievements, problems).ifPresent(effects::add);
            }
        }
        return List.copyOf(effects);
    }

    /** A list's elements, or none: a list over {@code max} or with a null element is a problem at its pointer. */
    private static <T> List<T> elements(List<T> list, String at, int max, List<CampaignProblem> problems) {
        if (list == null) {
            return List.of();
        }
        if (list.size() > max) {
            problems.add(new CampaignProblem(at, "too many", "at most " + max + " are allowed, not " + list.size()));
            return List.of();
        }
        for (int i = 0; i < list.size(); i++) {
            T element = list.get(i);
            if (element == null || element instanceof JsonNode node && !node.isObject()) {
                problems.add(new CampaignProblem(at + "/" + i, "invalid element", "each element must be an object"));
            }
        }
        return list;
    }

    /** Coupon codes, SKUs, categories: at most {@code max}, each a string of 1 to 200 characters. */
    private static void codes(List<String> codes, String at, int max, List<CampaignProblem> problems) {
        if (codes == null) {
            return;
        }
        if (codes.size() > max) {
            problems.add(new CampaignProblem(at, "too many", "at most " + max + " are allowed, not " + codes.size()));
            return;
        }
        for (int i = 0; i < codes.size(); i++) {
            String code = codes.get(i);
            if (code == null || code.isBlank() || code.length() > MAX_CODE_LENGTH) {
                problems.add(new CampaignProblem(at + "/" + i, "invalid value",
                        "each is a string of 1 to " + MAX_CODE_LENGTH + " characters"));
            }
        }
    }

    private static Optional<EffectSpec> effect(JsonNode e, String at, Set<String> achievements, List<CampaignProblem> problems) {
        JsonNode typeNode = e.get("type");
        String type = typeNode == null || typeNode.isNull() ? null : typeNode.isTextual() ? typeNode.textValue() : typeNode.toString();
        if (type == null) {
            problems.add(new CampaignProblem(at + "/type", "missing effect type", "each effect needs a type"));
            return Optional.empty();
        }
        EffectType effectType = EffectTypes.named(type);
        if (effectType == null) {
            problems.add(new CampaignProblem(at + "/type", "unknown effect type", "'" + type + "' is not an effect type"));
            return Optional.empty();
        }
        int before = problems.size();
        EffectFields fields = new EffectFields(e, at, achievements, problems);
        EffectSpec spec = effectType.compile(fields);
        fields.unknownFields(type);
        return problems.size() == before ? Optional.of(spec) : Optional.empty();
    }

    private static Optional<Expression> expression(String source, CelType type, String pointer, List<CampaignProblem> problems) {
        return CelEnvironment.compile(source, type, pointer, problems);
    }
}
