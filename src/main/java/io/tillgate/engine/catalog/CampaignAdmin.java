package io.tillgate.engine.catalog;

import io.tillgate.engine.campaign.BudgetEntity;
import io.tillgate.engine.campaign.Campaign;
import io.tillgate.engine.campaign.CampaignDocument;
import io.tillgate.engine.Applications;
import io.tillgate.engine.session.BudgetKey;
import io.tillgate.engine.campaign.CampaignProblem;
import io.tillgate.engine.campaign.InvalidCampaignException;
import io.tillgate.engine.store.AchievementStore;
import io.tillgate.engine.store.BudgetStore;
import io.tillgate.engine.store.CampaignStore;
import io.tillgate.engine.store.CouponStore;
import io.tillgate.engine.json.Json;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.util.List;
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

    public CampaignAdmin(CampaignStore campaigns, CouponStore coupons, BudgetStore budgets, CampaignCatalog catalog,
                         TransactionTemplate transactions, Clock clock, Applications applications, AchievementStore achievements) {
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
        if (!taken.isEmpty()) {
            throw new InvalidCampaignException(taken);
        }
        transactions.executeWithoutResult(status -> {
            var now = clock.instant();
            campaigns.save(applicationId, campaignId, Json.write(document), now);
            campaign.achievements().forEach(a -> achievements.assign(applicationId, campaignId, a.name(), now));
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
        catalog.refresh();
        return campaign;
    }

    public boolean delete(long applicationId, long campaignId) {
        boolean deleted = campaigns.delete(applicationId, campaignId);
        catalog.refresh();
        return deleted;
    }
}
