package io.tillgate.engine.evaluate;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tillgate.engine.EngineFixtures;
import io.tillgate.engine.campaign.Campaign;
import io.tillgate.engine.money.Money;
import io.tillgate.engine.session.BudgetAction;
import io.tillgate.engine.session.BudgetKey;
import io.tillgate.engine.session.Effect;
import io.tillgate.engine.session.Grant;
import io.tillgate.engine.session.Props;
import io.tillgate.engine.session.ReferralView;
import io.tillgate.engine.session.SessionState;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.tillgate.engine.EngineFixtures.item;
import static org.assertj.core.api.Assertions.assertThat;

/** A session's referral code on the pure evaluator: why it is rejected, when it is accepted and charged, codes created. */
class ReferralEvaluationTest {
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final Campaign FRIENDS = EngineFixtures.campaign(1, """
            name: friends save 5
            referralRequired: true
            limits: [{action: redeemReferral, limit: 10}, {action: redeemReferral, limit: 1, entities: [Profile]},
                     {action: redeemReferral, limit: 3, entities: [Referral]}]
            rules:
              - title: a friend of a web advocate saves 5
                condition: "referral.attributes.channel == 'web' && referral.advocateProfileIntegrationId == 'ann'"
                effects: [{type: setDiscount, name: friend, value: "5.0"}]
            """);

    private static ReferralView referral(String friend, Instant start, Instant expiry, int limit, int used) {
        return new ReferralView(7, 1, "R-1", "ann", friend, start, expiry, limit, used,
                JsonNodeFactory.instance.objectNode().put("channel", "web"), NOW);
    }

    private static Evaluation evaluate(String profile, String code, ReferralView found, List<Campaign> campaigns,
                                       Map<BudgetKey, BigDecimal> counters, boolean closing) {
        SessionSnapshot session = new SessionSnapshot("s-1", profile, null, closing ? SessionState.CLOSED : SessionState.OPEN,
                List.of(item("Coat", "SKU-1", 2, "25.00", "outerwear")), List.of(), null, null, List.of(), code);
        return Evaluator.evaluate(new EvaluationInput(session, Money.of("USD", RoundingMode.HALF_EVEN), NOW, closing, campaigns,
                Map.of(), counters, Map.of(), Map.of(), EngineFixtures.countingCodes(), java.time.ZoneOffset.UTC, Map.of(), Map.of(),
                Map.of(), io.tillgate.engine.campaign.AudienceView.NONE, Map.of(), found));
    }

    private static String rejection(String profile, ReferralView found, Map<BudgetKey, BigDecimal> counters) {
        Evaluation e = evaluate(profile, "R-1", found, List.of(FRIENDS), counters, true);
        assertThat(e.effects()).hasSize(1);
        Effect effect = e.effects().get(0);
        assertThat(effect.effectType()).isEqualTo("rejectReferral");
        assertThat(e.grants()).isEmpty();
        return ((Props.RejectReferral) effect.props()).rejectionReason();
    }

    @Test
    void aValidCodeIsAcceptedWithItsCampaignsDiscountAndChargedToEachOfItsBudgets() {
        Evaluation e = evaluate("bob", "R-1", referral(null, null, null, 1, 0), List.of(FRIENDS), Map.of(), true);

        assertThat(e.effects()).extracting(Effect::effectType).containsExactly("setDiscount", "acceptReferral");
        assertThat(((Props.Referral) e.effects().get(1).props()).value()).isEqualTo("R-1");
        Grant.ReferralRedemption used = (Grant.ReferralRedemption) e.grants().get(1);
        assertThat(used.referralId()).isEqualTo(7);
        assertThat(used.charges()).extracting(c -> c.key().entityKey() + " " + c.amount())
                .containsExactly(" 1", "profile:bob 1", "referral:R-1 1");
    }

    @Test
    void eachReasonACodeCannotBeUsedIsTalonOnes() {
        assertThat(evaluate("bob", "NOPE", null, List.of(FRIENDS), Map.of(), true).effects())
                .extracting(x -> ((Props.RejectReferral) x.props()).rejectionReason() + " " + x.campaignId())
                .containsExactly("ReferralNotFound -1");
        assertThat(rejection("ann", referral(null, null, null, 1, 0), Map.of())).isEqualTo("ReferralRecipientIdSameAsAdvocate");
        assertThat(rejection("bob", referral("cat", null, null, 1, 0), Map.of())).isEqualTo("ReferralRecipientDoesNotMatch");
        assertThat(rejection(null, referral("cat", null, null, 1, 0), Map.of())).isEqualTo("ReferralRecipientDoesNotMatch");
        assertThat(rejection("bob", referral(null, null, null, 2, 2), Map.of())).isEqualTo("ReferralLimitReached");
        assertThat(rejection("bob", referral(null, null, NOW, 0, 0), Map.of())).isEqualTo("ReferralExpired");
        assertThat(rejection("bob", referral(null, NOW.plusSeconds(1), null, 0, 0), Map.of())).isEqualTo("ReferralStartDateInFuture");
        assertThat(rejection("bob", referral(null, null, null, 0, 0),
                Map.of(new BudgetKey(1, BudgetAction.redeemReferral, ""), BigDecimal.TEN))).isEqualTo("CampaignLimitReached");
        assertThat(rejection("bob", referral(null, null, null, 0, 0),
                Map.of(new BudgetKey(1, BudgetAction.redeemReferral, "profile:bob"), BigDecimal.ONE))).isEqualTo("ProfileLimitReached");
        assertThat(rejection("bob", referral(null, null, null, 0, 0),
                Map.of(new BudgetKey(1, BudgetAction.redeemReferral, "referral:R-1"), new BigDecimal(3)))).isEqualTo("ReferralLimitReached");
        // a code of a campaign that is not running (not a candidate, or disabled)
        assertThat(evaluate("bob", "R-1", referral(null, null, null, 1, 0), List.of(), Map.of(), true).effects())
                .extracting(x -> ((Props.RejectReferral) x.props()).rejectionReason()).containsExactly("ReferralPartOfNotRunningCampaign");
    }

    @Test
    void aCodeWhoseCampaignsRulesAllFailIsRejectedByConditionAndItsCampaignDoesNotRunWithoutIt() {
        ReferralView byPhone = new ReferralView(7, 1, "R-1", "ann", null, null, null, 1, 0,
                JsonNodeFactory.instance.objectNode().put("channel", "phone"), NOW);
        Evaluation e = evaluate("bob", "R-1", byPhone, List.of(FRIENDS), Map.of(), true);
        assertThat(e.effects()).extracting(Effect::effectType).containsExactly("rejectReferral");
        Props.RejectReferral rejected = (Props.RejectReferral) e.effects().get(0).props();
        assertThat(rejected.rejectionReason()).isEqualTo("ReferralRejectedByCondition");
        assertThat(rejected.conditionIndex()).isZero();
        assertThat(e.failures()).extracting(Evaluation.RuleFailure::details).containsExactly("condition is false");

        // without a code, a campaign that needs one is not evaluated at all
        Evaluation none = evaluate("bob", null, null, List.of(FRIENDS), Map.of(), true);
        assertThat(none.effects()).isEmpty();
        assertThat(none.failures()).isEmpty();
    }

    @Test
    void aCodeOfACampaignAnExclusiveGroupLeftOutIsRejectedSayingWhy() {
        Campaign referred = EngineFixtures.campaign(1, """
                name: referred
                referralRequired: true
                evaluationGroup: {id: 4, mode: highestDiscount}
                rules: [{title: five, effects: [{type: setDiscount, name: five, value: "5.0"}]}]""");
        Campaign seven = EngineFixtures.campaign(2, """
                name: seven
                evaluationGroup: {id: 4, mode: highestDiscount}
                rules: [{title: seven, effects: [{type: setDiscount, name: seven, value: "7.0"}]}]""");
        Evaluation e = evaluate("bob", "R-1", referral(null, null, null, 1, 0), List.of(referred, seven), Map.of(), true);

        assertThat(e.effects()).extracting(x -> x.effectType() + " " + x.campaignId())
                .containsExactly("setDiscount 2", "rejectReferral 1");
        Props.RejectReferral rejected = (Props.RejectReferral) e.effects().get(1).props();
        assertThat(rejected.rejectionReason()).isEqualTo("ReferralPartOfNotTriggeredCampaign");
        assertThat(rejected.campaignExclusionReason()).isEqualTo("CampaignGaveLowerDiscount");
        assertThat(e.grants()).extracting(g -> g.getClass().getSimpleName()).containsExactly("Discount");
    }

    @Test
    void aClosingSessionsCustomerBecomesTheAdvocateOfACreatedCodeAndAnOpenOneCreatesNone() {
        Campaign share = EngineFixtures.campaign(3, """
                name: share
                limits: [{action: createReferral, limit: 1}]
                rules:
                  - title: a code to share
                    effects: [{type: createReferral, pattern: "REF-#####", friend: "session.attributes.friend", usageLimit: 2}]""");
        SessionSnapshot closing = new SessionSnapshot("s-1", "ann", null, SessionState.CLOSED,
                List.of(item("Coat", "SKU-1", 1, "25.00", null)), List.of(),
                JsonNodeFactory.instance.objectNode().put("friend", "bob"), null, List.of(), null);
        Evaluation e = Evaluator.evaluate(new EvaluationInput(closing, Money.of("USD", RoundingMode.HALF_EVEN), NOW, true,
                List.of(share), Map.of(), Map.of(), Map.of(), Map.of(), EngineFixtures.countingCodes()));

        assertThat(e.effects()).extracting(x -> x.effectType() + " " + ((Props.Referral) x.props()).value())
                .containsExactly("referralCreated REF-35465");
        Grant.ReferralCreation created = (Grant.ReferralCreation) e.grants().get(0);
        assertThat(List.of(created.advocate(), created.friend(), String.valueOf(created.usageLimit())))
                .containsExactly("ann", "bob", "2");
        assertThat(created.charges()).extracting(c -> c.key().action() + " " + c.amount()).containsExactly("createReferral 1");

        // the budget is spent: the rule fails, and no code is made
        Evaluation spent = Evaluator.evaluate(new EvaluationInput(closing, Money.of("USD", RoundingMode.HALF_EVEN), NOW, true,
                List.of(share), Map.of(), Map.of(new BudgetKey(3, BudgetAction.createReferral, ""), BigDecimal.ONE), Map.of(), Map.of(),
                EngineFixtures.countingCodes()));
        assertThat(spent.effects()).isEmpty();
        assertThat(spent.failures()).extracting(Evaluation.RuleFailure::details).hasSize(1);

        // an open session creates nothing yet; a session without a customer has no advocate, and the rule fails
        assertThat(evaluate("ann", null, null, List.of(share), Map.of(), false).effects()).isEmpty();
        Evaluation anonymous = evaluate(null, null, null, List.of(share), Map.of(), true);
        assertThat(anonymous.effects()).isEmpty();
        assertThat(anonymous.failures()).extracting(Evaluation.RuleFailure::details)
                .containsExactly("createReferral needs the session's customer profile: the advocate of the code");
    }
}
