package io.tillgate.engine.catalog;

import io.tillgate.engine.campaign.BudgetEntity;
import io.tillgate.engine.campaign.Campaign;
import io.tillgate.engine.campaign.CampaignDocument;
import io.tillgate.engine.Applications;
import io.tillgate.engine.session.BudgetKey;
import io.tillgate.engine.campaign.CampaignProblem;
import io.tillgate.engine.campaign.EffectSpec;
import io.tillgate.engine.campaign.Rule;
import io.tillgate.engine.campaign.InvalidCampaignException;
import io.tillgate.engine.store.AchievementStore;
import io.tillgate.engine.store.AudienceStore;
import io.tillgate.engine.store.BudgetStore;
import io.tillgate.engine.store.CampaignStore;
import io.tillgate.engine.store.CouponStore;
import io.tillgate.engine.json.Json;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Stores campaigns: compiles them (refusing what does not), creates their coupons and budget counters. */
@Service
public class CampaignAdmin {
    private final CampaignStore campaigns;
    private final CouponStore coupons;
    private final BudgetStore budgets;
    private final CampaignCatalog catalog;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Applications applications;
    private final AchievementStore achievements;
    private final AudienceStore audiences;
    private final io.tillgate.engine.store.GiveawayStore giveaways;
    private final io.tillgate.engine.store.AdditionalCostStore additionalCosts;

    public CampaignAdmin(CampaignStore campaigns, CouponStore coupons, BudgetStore budgets, CampaignCatalog catalog,
                         TransactionTemplate transactions, Clock clock, Applications applications, AchievementStore achievements,
                         AudienceStore audiences, io.tillgate.engine.store.GiveawayStore giveaways,
                         io.tillgate.engine.store.AdditionalCostStore additionalCosts) {
        this.giveaways = giveaways;
        this.additionalCosts = additionalCosts;
        this.audiences = audiences;
        this.achievements = achievements;
        this.applications = applications;
        this.campaigns = campaigns;
        this.coupons = coupons;
        this.budgets = budgets;
        this.catalog = catalog;
        this.transactions = transactions;
        this.clock = clock;
    }

    public Campaign save(long applicationId, long campaignId, CampaignDocument document) {
        Integer currencyScale = applications.byId(applicationId).map(a -> a.money().scale()).orElse(null);
        Campaign campaign = CampaignCompiler.compile(applicationId, campaignId, document, currencyScale);
        List<CampaignProblem> taken = new java.util.ArrayList<>();
        for (int i = 0; i < campaign.achievements().size(); i++) {
            DeclaredAchievement other = catalog.achievements(applicationId).get(campaign.achievements().get(i).name());
            if (other != null && other.campaignId() != campaignId) {
                taken.add(new CampaignProblem("/achievements/" + i + "/name", "name taken", "campaign " + other.campaignId()
                        + " has an achievement of this name: names are unique in an application"));
            }
        }
        taken.addAll(AchievementChecks.changedWithProgress(catalog.get(applicationId, campaignId).orElse(null), campaign,
                name -> Optional.ofNullable(catalog.achievements(applicationId).get(name))
                        .filter(d -> d.campaignId() == campaignId).map(d -> achievements.hasProgress(d.id())).orElse(false)));
        taken.addAll(AchievementChecks.removedWithProgress(campaignId, campaign, catalog.achievements(applicationId),
                achievements::hasProgress));
        taken.addAll(AchievementChecks.unknownReads(document, campaign, catalog.achievements(applicationId), campaignId));
        taken.addAll(AchievementChecks.stillRead(campaignId, campaign, catalog.all(applicationId), catalog.achievements(applicationId)));
        taken.addAll(unknownAudiences(campaign));
        if (campaign.group() != null) {
            catalog.all(applicationId).stream().filter(c -> c.id() != campaignId && c.group() != null
                            && c.group().id() == campaign.group().id() && c.group().mode() != campaign.group().mode())
                    .findFirst().ifPresent(c -> taken.add(new CampaignProblem("/evaluationGroup/mode", "another mode",
                            "campaign " + c.id() + " is in evaluation group " + c.group().id() + " as " + c.group().mode()
                                    + ": a group's campaigns combine one way")));
        }
        taken.addAll(unconnectedPools(campaign, applicationId));
        taken.addAll(unknownCosts(campaign, applicationId));
        if (!taken.isEmpty()) {
            throw new InvalidCampaignException(taken);
        }
        try {
            transactions.executeWithoutResult(status -> {
                var now = clock.instant();
                campaigns.save(applicationId, campaignId, Json.write(document), now);
                for (int i = 0; i < campaign.achievements().size(); i++) {
                    String name = campaign.achievements().get(i).name();
                    // another instance's campaign may have taken the name since the catalog was read
                    var owner = achievements.byName(applicationId, name);
                    if (owner.isPresent() && owner.get().campaignId() != campaignId
                            && campaigns.declares(applicationId, owner.get().campaignId(), name)) {
                        throw new InvalidCampaignException(List.of(new CampaignProblem("/achievements/" + i + "/name", "name taken",
                                "campaign " + owner.get().campaignId() + " has an achievement of this name: names are unique in an application")));
                    }
                    achievements.assign(applicationId, campaignId, name, now);
                }
            int usageLimit = campaign.couponUsageLimit() == null ? 1 : campaign.couponUsageLimit();
            for (String code : campaign.coupons()) {
                coupons.create(applicationId, campaignId, code, usageLimit, null, campaign.couponExpiry(), now);
            }
            List<BudgetKey> campaignWide = campaign.budgets().stream()
                    .filter(b -> b.entity() == BudgetEntity.Campaign)
                    .map(b -> new BudgetKey(campaignId, b.action(), ""))
                    .collect(Collectors.toList());
            budgets.counters(campaignWide, true);
            });
        } catch (org.springframework.dao.DuplicateKeyException raced) {
            throw new InvalidCampaignException(List.of(new CampaignProblem("/achievements", "name taken",
                    "another campaign took one of these achievements' names at the same time: names are unique in an application")));
        }
        catalog.refresh();
        return campaign;
    }

    /** An effect of the campaign and where it is in its document ({@code /rules/0/failureEffects/1}). */
    private record Placed(String pointer, EffectSpec spec) {
    }

    private static List<Placed> placed(Campaign campaign) {
        List<Placed> placed = new java.util.ArrayList<>();
        for (var rule : campaign.rules()) {
            for (int j = 0; j < rule.effects().size(); j++) {
                placed.add(new Placed("/rules/" + rule.index() + "/effects/" + j, rule.effects().get(j)));
            }
            for (int j = 0; j < rule.failureEffects().size(); j++) {
                placed.add(new Placed("/rules/" + rule.index() + "/failureEffects/" + j, rule.failureEffects().get(j)));
            }
        }
        return placed;
    }

    /** The effects that name an audience that does not exist. */
    private List<CampaignProblem> unknownAudiences(Campaign campaign) {
        List<CampaignProblem> problems = new java.util.ArrayList<>();
        for (Placed effect : placed(campaign)) {
            var audience = effect.spec().audience();
            if (audience.isPresent() && audiences.find(audience.getAsLong()).isEmpty()) {
                problems.add(new CampaignProblem(effect.pointer() + "/audienceId", "unknown audience",
                        "audience " + audience.getAsLong() + " does not exist"));
            }
        }
        return problems;
    }

    /** The effects that award from a giveaway pool that does not exist or is not connected to the application. */
    private List<CampaignProblem> unconnectedPools(Campaign campaign, long applicationId) {
        List<CampaignProblem> problems = new java.util.ArrayList<>();
        for (Placed effect : placed(campaign)) {
            var poolId = effect.spec().giveawayPool();
            if (poolId.isEmpty()) {
                continue;
            }
            var pool = giveaways.pool(poolId.getAsLong(), false);
            if (pool.isEmpty() || !pool.get().applications().contains(applicationId)) {
                problems.add(new CampaignProblem(effect.pointer() + "/poolId", "unknown giveaway pool",
                        pool.isEmpty() ? "giveaway pool " + poolId.getAsLong() + " does not exist"
                                : "giveaway pool " + poolId.getAsLong() + " is not connected to application " + applicationId
                                + " (its subscribedApplicationsIds)"));
            }
        }
        return problems;
    }

    /** The effects that discount an additional cost the application's sessions cannot carry. */
    private List<CampaignProblem> unknownCosts(Campaign campaign, long applicationId) {
        List<CampaignProblem> problems = new java.util.ArrayList<>();
        for (Placed effect : placed(campaign)) {
            var name = effect.spec().additionalCost();
            if (name.isEmpty()) {
                continue;
            }
            var cost = additionalCosts.byName(name.get());
            String problem = cost.isEmpty() ? "'" + name.get() + "' is not an additional cost"
                    : !cost.get().applications().contains(applicationId) ? "application " + applicationId
                    + " is not subscribed to additional cost '" + name.get() + "'"
                    : effect.spec().perItem() && !cost.get().perItem() ? "additional cost '" + name.get() + "' is added per session, not per item"
                    : !effect.spec().perItem() && !cost.get().perSession() ? "additional cost '" + name.get() + "' is added per item, not per session"
                    : null;
            if (problem != null) {
                problems.add(new CampaignProblem(effect.pointer() + "/additionalCost", "unknown additional cost", problem));
            }
        }
        return problems;
    }

    /** The campaigns whose effects name the audience: it cannot be deleted while they do. */
    public List<Long> naming(long audienceId) {
        return catalog.everywhere().stream()
                .filter(c -> c.rules().stream().flatMap(Rule::allEffects).anyMatch(e -> e.audience().orElse(-1) == audienceId))
                .map(Campaign::id).toList();
    }

    /**
     * The campaigns of the application whose effects discount the additional cost of this name where it would no longer
     * be: per session unless {@code perSession}, per item unless {@code perItem}.
     */
    public List<Long> discounting(long applicationId, String cost, boolean perSession, boolean perItem) {
        return catalog.all(applicationId).stream()
                .filter(c -> c.rules().stream().flatMap(Rule::allEffects).anyMatch(e -> e.additionalCost().filter(cost::equals).isPresent()
                        && !(e.perItem() ? perItem : perSession)))
                .map(Campaign::id).sorted().toList();
    }

    /** Deletes a campaign; its achievements' names are retired, so that a campaign that declares one later starts afresh. */
    public boolean delete(long applicationId, long campaignId) {
        catalog.get(applicationId, campaignId).ifPresent(doomed -> {
            List<CampaignProblem> read = AchievementChecks.stillRead(campaignId, null, catalog.all(applicationId),
                    catalog.achievements(applicationId));
            if (!read.isEmpty()) {
                throw io.tillgate.engine.EngineException.conflict(read.get(0).details(), "/");
            }
        });
        Boolean deleted = transactions.execute(status -> {
            achievements.retire(applicationId, campaignId);
            return campaigns.delete(applicationId, campaignId);
        });
        catalog.refresh();
        return Boolean.TRUE.equals(deleted);
    }
}
