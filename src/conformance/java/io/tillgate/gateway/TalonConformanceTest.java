package io.tillgate.gateway;

import io.tillgate.conformance.client.ApiClient;
import io.tillgate.conformance.client.ApiException;
import io.tillgate.conformance.client.api.IntegrationApi;
import io.tillgate.conformance.client.api.ManagementApi;
import io.tillgate.conformance.client.auth.ApiKeyAuth;
import io.tillgate.conformance.client.model.CardLedgerPointsEntryIntegrationAPI;
import io.tillgate.conformance.client.model.CardLedgerTransactionLogEntryIntegrationAPI;
import io.tillgate.conformance.client.model.Achievement;
import io.tillgate.conformance.client.model.AchievementProgress;
import io.tillgate.conformance.client.model.AchievementProgressWithDefinition;
import io.tillgate.conformance.client.model.Audience;
import io.tillgate.conformance.client.model.CartItem;
import io.tillgate.conformance.client.model.CustomerProfileAudienceRequest;
import io.tillgate.conformance.client.model.CustomerProfileAudienceRequestItem;
import io.tillgate.conformance.client.model.InlineResponse20032;
import io.tillgate.conformance.client.model.NewAudience;
import io.tillgate.conformance.client.model.UpdateAudience;
import io.tillgate.conformance.client.model.CreateAchievement;
import io.tillgate.conformance.client.model.InlineResponse2001;
import io.tillgate.conformance.client.model.InlineResponse2002;
import io.tillgate.conformance.client.model.InlineResponse20049;
import io.tillgate.conformance.client.model.UpdateAchievement;
import io.tillgate.conformance.client.model.InlineResponse2003;
import io.tillgate.conformance.client.model.InlineResponse2005;
import io.tillgate.conformance.client.model.InlineResponse20018;
import io.tillgate.conformance.client.model.LoyaltyCardBatch;
import io.tillgate.conformance.client.model.LoyaltyCardBatchResponse;
import io.tillgate.conformance.client.model.UpdateLoyaltyCard;
import io.tillgate.conformance.client.model.LoyaltyCard;
import io.tillgate.conformance.client.model.LoyaltyCardBalances;
import io.tillgate.conformance.client.model.LoyaltyCardProfileRegistration;
import io.tillgate.conformance.client.model.LoyaltyCardRegistration;
import io.tillgate.conformance.client.model.CustomerProfileIntegrationRequestV2;
import io.tillgate.conformance.client.model.CustomerProfileIntegrationResponseV2;
import io.tillgate.conformance.client.model.InlineResponse2004;
import io.tillgate.conformance.client.model.InlineResponse2006;
import io.tillgate.conformance.client.model.LedgerPointsEntryIntegrationAPI;
import io.tillgate.conformance.client.model.LedgerTransactionLogEntryIntegrationAPI;
import io.tillgate.conformance.client.model.LoyaltyBalancesWithTiers;
import io.tillgate.conformance.client.model.MultipleCustomerProfileIntegrationRequest;
import io.tillgate.conformance.client.model.MultipleCustomerProfileIntegrationRequestItem;
import io.tillgate.conformance.client.model.MultipleCustomerProfileIntegrationResponseV2;
import io.tillgate.conformance.client.model.Effect;
import io.tillgate.conformance.client.model.IntegrationCustomerSessionResponse;
import io.tillgate.conformance.client.model.IntegrationRequest;
import io.tillgate.conformance.client.model.IntegrationStateV2;
import io.tillgate.conformance.client.model.NewCustomerSessionV2;
import io.tillgate.conformance.client.model.NewReturn;
import io.tillgate.conformance.client.model.NewReferral;
import io.tillgate.conformance.client.model.AccountAdditionalCost;
import io.tillgate.conformance.client.model.AdditionalCost;
import io.tillgate.conformance.client.model.NewAdditionalCost;
import io.tillgate.conformance.client.model.Referral;
import io.tillgate.conformance.client.model.InlineResponse20012;
import io.tillgate.conformance.client.model.ReopenSessionResponse;
import io.tillgate.conformance.client.model.ReturnIntegrationRequest;
import io.tillgate.conformance.client.model.ReturnedCartItem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static io.tillgate.gateway.SessionApiTest.json;
import static io.tillgate.gateway.SessionApiTest.nextId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A client generated from Talon.One's OpenAPI description drives create, close, return, reopen and cancel, profile
 * updates and erasure, a customer's balances, ledger and points, and loyalty cards (made, listed, blocked, deleted,
 * linked) with theirs, achievements (created, updated, listed, deleted) with customers' progress in them, and audiences.
 * The generated models check each response against its schema while reading it (every required field
 * present, no field the schema does not define), so a response that does not conform fails the test.
 */
class TalonConformanceTest extends GatewayTest {
    private static final List<IntegrationRequest.ResponseContentEnum> EVERYTHING = List.of(
            IntegrationRequest.ResponseContentEnum.CUSTOMER_SESSION, IntegrationRequest.ResponseContentEnum.CUSTOMER_PROFILE,
            IntegrationRequest.ResponseContentEnum.COUPONS, IntegrationRequest.ResponseContentEnum.TRIGGERED_CAMPAIGNS,
            IntegrationRequest.ResponseContentEnum.RULE_FAILURE_REASONS, IntegrationRequest.ResponseContentEnum.LOYALTY);
    IntegrationApi talon;
    long id;
    String coupon;

    @BeforeEach
    void client() {
        ApiClient client = new ApiClient();
        client.setBasePath("http://localhost:" + port);
        ApiKeyAuth key = (ApiKeyAuth) client.getAuthentication("api_key_v1");
        key.setApiKey("test-app-key");
        key.setApiKeyPrefix("ApiKey-v1");
        talon = new IntegrationApi(client);
        id = nextId();
        coupon = "CONF-" + id;
        EngineClient engine = new EngineClient(port);
        GatewayClient.Reply program = engine.put("/v1/loyalty_programs/" + id, EngineClient.MANAGEMENT,
                json("{name: conformance, defaultPending: immediate, returnPolicy: unlimited,"
                        + " tiers: [{name: bronze, minPoints: 10}, {name: silver, minPoints: 1000}], tiersExpireIn: 12M}"));
        assertThat(program.status()).isEqualTo(200);
        engine.campaign(2, id, json("""
                name: conformance %d
                appliesTo: {skus: [CONF-A-%d]}
                coupons: [%s]
                couponSettings: {usageLimit: 5}
                limits: [{action: setDiscount, limit: 1000}]
                rules:
                  - title: ten percent
                    condition: "session.total > 10.0"
                    effects:
                      - {type: setDiscount, name: ten percent, value: "session.total * 0.1"}
                      - {type: setDiscountPerItem, name: one off each, items: "item.sku.startsWith('CONF-A')", value: "1.0"}
                      - {type: addLoyaltyPoints, programId: %d, name: points, value: "double(int(session.total))"}
                      - {type: createCoupon, pattern: "NEXT-#####", usageLimit: 1}
                      - {type: addFreeItem, sku: GIFT, name: Gift}
                      - {type: customEffect, effectId: 3, name: print_receipt_line, payload: {text: thanks}}
                  - title: never
                    condition: "session.total < 0.0"
                    effects: [{type: setDiscount, name: never, value: "1.0"}]
                    failureEffects: [{type: showNotification, notificationType: Info, title: Hint, body: Spend more}]
                """.formatted(id, id, coupon, id)));
    }

    /** The generated Management API client, with the demo management key. */
    private ManagementApi management() {
        ApiClient managementClient = new ApiClient();
        managementClient.setBasePath("http://localhost:" + port);
        ApiKeyAuth managementKey = (ApiKeyAuth) managementClient.getAuthentication("management_key");
        managementKey.setApiKey("demo-management-key");
        managementKey.setApiKeyPrefix("ManagementKey-v1");
        return new ManagementApi(managementClient);
    }

    private IntegrationStateV2 update(String session, NewCustomerSessionV2 customerSession) throws ApiException {
        return talon.updateCustomerSessionV2(session, new IntegrationRequest().customerSession(customerSession)
                .responseContent(EVERYTHING), false, null);
    }

    private static List<String> types(List<Effect> effects) {
        return effects.stream().map(Effect::getEffectType).toList();
    }

    @Test
    void createCloseReturnReopenCancelAndGetConformToTheSchemas() throws Exception {
        String session = "conformance-" + id;
        List<CartItem> cart = List.of(
                new CartItem().name("A").sku("CONF-A-" + id).quantity(2L).price(new BigDecimal("30.11")).category("shirts"),
                new CartItem().name("B").sku("CONF-B").quantity(1L).price(new BigDecimal("41.52")));
        IntegrationStateV2 open = update(session, new NewCustomerSessionV2().profileId("conformer-" + id)
                .state(NewCustomerSessionV2.StateEnum.OPEN).cartItems(cart).couponCodes(List.of(coupon, "UNKNOWN-" + id)));
        assertThat(types(open.getEffects())).contains("setDiscount", "setDiscountPerItem", "addLoyaltyPoints", "acceptCoupon",
                "rejectCoupon", "addFreeItem", "customEffect", "showNotification");
        assertThat(String.valueOf(open.getCustomerSession().getState())).isEqualTo("open");
        assertThat(open.getCustomerSession().getTotal()).isEqualByComparingTo("101.74");

        // The generated models send empty lists for unset ones, so a client re-sends its cart and coupons.
        IntegrationStateV2 closed = update(session, new NewCustomerSessionV2().state(NewCustomerSessionV2.StateEnum.CLOSED)
                .cartItems(cart).couponCodes(List.of(coupon)));
        assertThat(types(closed.getEffects())).contains("couponCreated");
        assertThat(closed.getCreatedCoupons()).hasSize(1);
        assertThat(closed.getCustomerProfile().getClosedSessions()).isEqualTo(1L);
        assertThat(closed.getTriggeredCampaigns()).extracting(c -> c.getId()).containsExactly(id);
        assertThat(closed.getLoyalty().getPrograms()).containsKey(String.valueOf(id));

        IntegrationStateV2 returned = talon.returnCartItems(session, new ReturnIntegrationRequest()
                ._return(new NewReturn().returnedCartItems(List.of(new ReturnedCartItem().position(1L).quantity(1L))))
                .responseContent(List.of(ReturnIntegrationRequest.ResponseContentEnum.CUSTOMER_SESSION)), false);
        assertThat(types(returned.getEffects())).containsOnly("rollbackDiscount", "rollbackAddedLoyaltyPoints");
        IntegrationStateV2 again = talon.returnCartItems(session, new ReturnIntegrationRequest()
                ._return(new NewReturn().returnedCartItems(List.of(new ReturnedCartItem().position(0L).quantity(1L))))
                .responseContent(List.of(ReturnIntegrationRequest.ResponseContentEnum.PREVIOUS_RETURNS)), false);
        assertThat(again.getPreviousReturns()).hasSize(1);
        assertThat(again.getPreviousReturns().get(0).getReturnedCartItems().get(0).getPosition()).isEqualTo(1L);
        assertThat(String.valueOf(returned.getCustomerSession().getState())).isEqualTo("partially_returned");

        assertThatThrownBy(() -> talon.reopenCustomerSession(session)).isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).getCode()).isEqualTo(409));

        String second = session + "-b";
        update(second, new NewCustomerSessionV2().profileId("conformer-" + id).state(NewCustomerSessionV2.StateEnum.CLOSED)
                .cartItems(cart));
        ReopenSessionResponse reopened = talon.reopenCustomerSession(second);
        assertThat(types(reopened.getEffects())).contains("rollbackDiscount", "rollbackAddedLoyaltyPoints");

        IntegrationStateV2 cancelled = update(session, new NewCustomerSessionV2().state(NewCustomerSessionV2.StateEnum.CANCELLED)
                .cartItems(cart).couponCodes(List.of(coupon)));
        assertThat(types(cancelled.getEffects())).contains("rollbackDiscount", "rollbackCoupon", "rollbackAddedLoyaltyPoints");

        IntegrationCustomerSessionResponse fetched = talon.getCustomerSession(session);
        assertThat(String.valueOf(fetched.getCustomerSession().getState())).isEqualTo("cancelled");
        assertThat(fetched.getCustomerSession().getCartItems()).hasSize(2);
    }

    @Test
    void profilesBalancesTheLedgerAndPointsConformToTheSchemas() throws Exception {
        String member = "conformer-" + id;
        CustomerProfileIntegrationResponseV2 saved = talon.updateCustomerProfileV2(member,
                new CustomerProfileIntegrationRequestV2().attributes(java.util.Map.of("city", "Berlin")), null, null);
        assertThat(saved.getCustomerProfile().getIntegrationId()).isEqualTo(member);
        assertThat(saved.getCustomerProfile().getAttributes()).isEqualTo(java.util.Map.of("city", "Berlin"));
        assertThat(saved.getEffects()).isEmpty();
        MultipleCustomerProfileIntegrationResponseV2 many = talon.updateCustomerProfilesV2(new MultipleCustomerProfileIntegrationRequest()
                .customerProfiles(List.of(new MultipleCustomerProfileIntegrationRequestItem().integrationId(member + "-b"))), "no");
        assertThat(many.getIntegrationStates()).extracting(s -> s.getCustomerProfile().getIntegrationId()).containsExactly(member + "-b");

        IntegrationStateV2 closed = update("points-" + id, new NewCustomerSessionV2().profileId(member)
                .state(NewCustomerSessionV2.StateEnum.CLOSED)
                .cartItems(List.of(new CartItem().name("A").sku("CONF-A-" + id).quantity(1L).price(new BigDecimal("50.00")))));
        assertThat(types(closed.getEffects())).contains("addLoyaltyPoints", "changeLoyaltyTierLevel");

        LoyaltyBalancesWithTiers balances = talon.getLoyaltyBalances(id, member, null, null, true, true);
        assertThat(balances.getBalance().getActivePoints()).isEqualByComparingTo("50.00"); // a point per dollar of the total
        assertThat(balances.getBalance().getCurrentTier().getName()).isEqualTo("bronze");
        assertThat(balances.getBalance().getNextTierName()).isEqualTo("silver");
        assertThat(balances.getBalance().getPointsToNextTier()).isEqualByComparingTo("950.00");
        assertThat(balances.getBalance().getProjectedTier().getProjectedTierName()).isEqualTo("bronze");
        InlineResponse2004 ledger = talon.getLoyaltyProgramProfileTransactions(id, member, null, null, null, null, null, null, 10L, 0L);
        assertThat(ledger.getHasMore()).isFalse();
        assertThat(ledger.getData()).extracting(LedgerTransactionLogEntryIntegrationAPI::getType)
                .containsExactly(LedgerTransactionLogEntryIntegrationAPI.TypeEnum.ADDITION);
        InlineResponse2006 points = talon.getLoyaltyProgramProfilePoints(id, member, "active", null, null, null, 10L, 0L, null);
        assertThat(points.getData()).extracting(LedgerPointsEntryIntegrationAPI::getAmount).containsExactly(new BigDecimal("50.00"));
    }

    @Test
    void cardsTheirLinksAndLedgersConformToTheSchemas() throws Exception {
        long program = nextId();
        EngineClient engine = new EngineClient(port);
        assertThat(engine.put("/v1/loyalty_programs/" + program, EngineClient.MANAGEMENT,
                json("{name: conformance-cards, cardBased: true, usersPerCardLimit: 2}")).status()).isEqualTo(200);
        engine.campaign(2, program, json("""
                name: card conformance %d
                appliesTo: {skus: [CARD-CONF-%d]}
                rules: [{title: points, effects: [{type: addLoyaltyPoints, programId: %d, name: points, value: "5.0"}]}]
                """.formatted(program, program, program)));
        ManagementApi management = management();
        LoyaltyCardBatchResponse batch = management.createBatchLoyaltyCards(program, new LoyaltyCardBatch().numberOfCards(2L).batchId("conf"));
        assertThat(batch.getNumberOfCardsGenerated()).isEqualTo(2L);
        InlineResponse20018 listed = management.getLoyaltyCards(program, 10L, 0L, null, null, null, "conf");
        assertThat(listed.getData()).hasSize(2);
        String card = listed.getData().get(0).getIdentifier();
        String spare = listed.getData().get(1).getIdentifier();
        assertThat(management.updateLoyaltyCard(program, spare, new UpdateLoyaltyCard().status("inactive").blockReason("lost"))
                .getStatus()).isEqualTo("inactive");
        assertThat(management.getLoyaltyCard(program, spare).getBlockReason()).isEqualTo("lost");
        management.deleteLoyaltyCard(program, spare);

        LoyaltyCard linked = talon.linkLoyaltyCardToProfile(program, card, new LoyaltyCardRegistration().integrationId("conformer-" + id));
        assertThat(linked.getProfiles()).extracting(LoyaltyCardProfileRegistration::getIntegrationId).containsExactly("conformer-" + id);
        IntegrationStateV2 closed = update("card-" + id, new NewCustomerSessionV2().state(NewCustomerSessionV2.StateEnum.CLOSED)
                .loyaltyCards(List.of(card)).cartItems(List.of(new CartItem().sku("CARD-CONF-" + program).quantity(1L).price(BigDecimal.TEN))));
        assertThat(closed.getCustomerSession().getLoyaltyCards()).containsExactly(card);
        assertThat(types(closed.getEffects())).contains("addLoyaltyPoints");

        LoyaltyCardBalances balances = talon.getLoyaltyCardBalances(program, card, null, null);
        assertThat(balances.getBalance().getActivePoints()).isEqualByComparingTo("5.00");
        assertThat(balances.getProfiles()).hasSize(1);
        InlineResponse2003 ledger = talon.getLoyaltyCardTransactions(program, card, null, null, null, null, null, null, 10L, 0L);
        assertThat(ledger.getData()).extracting(CardLedgerTransactionLogEntryIntegrationAPI::getCardIdentifier).containsExactly(card);
        InlineResponse2005 points = talon.getLoyaltyCardPoints(program, card, "active", null, null, null, 10L, 0L, null);
        assertThat(points.getData()).extracting(CardLedgerPointsEntryIntegrationAPI::getAmount).containsExactly(new BigDecimal("5.00"));

        talon.deleteCustomerData("conformer-" + id);
        assertThatThrownBy(() -> talon.deleteCustomerData("conformer-" + id))
                .satisfies(e -> assertThat(((ApiException) e).getCode()).isEqualTo(404));
    }

    @Test
    void achievementsAndCustomersProgressConformToTheSchemas() throws Exception {
        EngineClient engine = new EngineClient(port);
        long campaign = nextId();
        engine.campaign(2, campaign, json("""
                name: achievement conformance %d
                appliesTo: {skus: [ACH-CONF-%d]}
                rules: [{title: note, effects: [{type: showNotification, title: t, body: b}]}]
                """.formatted(campaign, campaign)));
        ManagementApi management = management();
        String name = "Visits" + campaign;
        Achievement created = management.createAchievement(2L, campaign, new CreateAchievement().name(name).title("three visits " + campaign)
                .description("three visits a month").target(new BigDecimal("3")).period("1M_U")
                .recurrencePolicy(CreateAchievement.RecurrencePolicyEnum.ON_EXPIRATION));
        assertThat(created.getCampaignId()).isEqualTo(campaign);
        Achievement updated = management.updateAchievement(2L, campaign, created.getId(), new UpdateAchievement().target(new BigDecimal("2")));
        assertThat(updated.getTarget()).isEqualByComparingTo("2");
        assertThat(management.getAchievement(2L, campaign, created.getId()).getPeriod()).isEqualTo("1M_U");
        assertThat(management.listAchievements(2L, campaign, 10L, 0L, null).getData()).extracting(Achievement::getName).containsExactly(name);

        engine.campaign(2, campaign, json("""
                name: achievement conformance %d
                appliesTo: {skus: [ACH-CONF-%d]}
                achievements: [{name: %s, title: three visits %d, description: three visits a month, target: 2, period: 1M_U, recurrencePolicy: on_expiration}]
                rules: [{title: visit, effects: [{type: increaseAchievementProgress, achievement: %s}]}]
                """.formatted(campaign, campaign, name, campaign, name)));
        String member = "achiever-" + campaign;
        for (int visit = 0; visit < 3; visit++) {
            IntegrationStateV2 closed = update("ach-" + campaign + "-" + visit, new NewCustomerSessionV2().profileId(member)
                    .state(NewCustomerSessionV2.StateEnum.CLOSED)
                    .cartItems(List.of(new CartItem().sku("ACH-CONF-" + campaign).quantity(1L).price(BigDecimal.TEN))));
            assertThat(types(closed.getEffects())).isEqualTo(visit < 2 ? List.of("increaseAchievementProgress") : List.of());
        }
        // other tests' achievements are the application's too: this one's, by its id
        InlineResponse2001 standing = talon.getCustomerAchievements(member, null, List.of(String.valueOf(created.getId())), null, null, null, null);
        assertThat(standing.getData()).hasSize(1);
        assertThat(standing.getData().get(0).getCurrentProgress().getStatus()).isEqualTo(AchievementProgress.StatusEnum.COMPLETED);
        InlineResponse2002 history = talon.getCustomerAchievementHistory(member, created.getId(), null, null, null, null, null);
        assertThat(history.getData()).extracting(AchievementProgress::getProgress).containsExactly(new BigDecimal("2.00"));
        InlineResponse20049 progress = management.getCustomerProfileAchievementProgress(2L, member, 10L, 0L, created.getId(), null);
        assertThat(progress.getData()).extracting(AchievementProgressWithDefinition::getName).containsExactly(name);

        // one nobody has progress in may be deleted
        Achievement spare = management.createAchievement(2L, campaign, new CreateAchievement().name("Spare" + campaign)
                .title("spare " + campaign).description("unused").target(BigDecimal.ONE));
        management.deleteAchievement(2L, campaign, spare.getId());
        assertThatThrownBy(() -> management.getAchievement(2L, campaign, spare.getId()))
                .satisfies(e -> assertThat(((ApiException) e).getCode()).isEqualTo(404));
    }

    @Test
    void audiencesAndTheirMembershipsConformToTheSchemas() throws Exception {
        Audience audience = talon.createAudienceV2(new NewAudience().name("conformance " + id).integrationId("conf-" + id)
                .description("conformance"));
        assertThat(audience.getIntegrationId()).isEqualTo("conf-" + id);
        assertThat(talon.updateAudienceV2(audience.getId(), new UpdateAudience().name("renamed " + id)).getName()).isEqualTo("renamed " + id);
        talon.updateCustomerProfileAudiences(new CustomerProfileAudienceRequest().data(List.of(new CustomerProfileAudienceRequestItem()
                .action(CustomerProfileAudienceRequestItem.ActionEnum.ADD).profileIntegrationId("member-" + id).audienceId(audience.getId()))));
        talon.deleteAudienceMembershipsV2(audience.getId());
        InlineResponse20032 listed = management().getAudiences(1000L, 0L, null, true);
        assertThat(listed.getData()).extracting(Audience::getId).contains(audience.getId());
        talon.deleteAudienceV2(audience.getId());
        assertThatThrownBy(() -> talon.deleteAudienceV2(audience.getId()))
                .satisfies(e -> assertThat(((ApiException) e).getCode()).isEqualTo(404));
    }

    @Test
    void giveawaysImportedAndAwardedConformToTheSchemas() throws Exception {
        EngineClient engine = new EngineClient(port);
        long pool = engine.post("/v1/giveaways/pools", EngineClient.MANAGEMENT,
                "{\"name\": \"conformance " + id + "\", \"sandbox\": false, \"subscribedApplicationsIds\": [2]}").json().get("id").asLong();
        // the generated client sends the CSV as the upFile part's text
        String csv = "code,attributes\nCONF-GIFT-" + id + ",\"{\"\"provider\"\": \"\"x\"\"}\"\n";
        assertThat(management().importPoolGiveaways(pool, csv).getAmount()).isEqualTo(1L);
        engine.campaign(2, pool, json("""
                name: giveaway conformance %d
                appliesTo: {skus: [GIFT-CONF-%d]}
                rules: [{title: gift, effects: [{type: awardGiveaway, poolId: %d}]}]
                """.formatted(pool, pool, pool)));
        IntegrationStateV2 closed = talon.updateCustomerSessionV2("gift-" + id, new IntegrationRequest().customerSession(
                        new NewCustomerSessionV2().profileId("gifted-" + id).state(NewCustomerSessionV2.StateEnum.CLOSED)
                                .cartItems(List.of(new CartItem().sku("GIFT-CONF-" + pool).quantity(1L).price(BigDecimal.TEN))))
                .responseContent(List.of(IntegrationRequest.ResponseContentEnum.AWARDED_GIVEAWAYS)), false, null);
        assertThat(closed.getAwardedGiveaways()).extracting(g -> g.getCode()).containsExactly("CONF-GIFT-" + id);
        assertThat(types(closed.getEffects())).containsExactly("awardGiveaway");
    }

    @Test
    void referralsMadeUsedAndListedConformToTheSchemas() throws Exception {
        new EngineClient(port).campaign(2, id, json("""
                name: referral conformance %d
                referralRequired: true
                appliesTo: {skus: [REF-CONF-%d]}
                rules: [{title: friend, effects: [{type: setDiscount, name: friend, value: "1.0"}]}]
                """.formatted(id, id)));
        Referral made = talon.createReferral(new NewReferral().campaignId(id).advocateProfileIntegrationId("advocate-" + id)
                .usageLimit(1L));
        assertThat(made.getUsageCounter()).isZero();
        IntegrationStateV2 closed = talon.updateCustomerSessionV2("ref-" + id, new IntegrationRequest().customerSession(
                        new NewCustomerSessionV2().profileId("friend-" + id).state(NewCustomerSessionV2.StateEnum.CLOSED)
                                .referralCode(made.getCode())
                                .cartItems(List.of(new CartItem().sku("REF-CONF-" + id).quantity(1L).price(BigDecimal.TEN))))
                .responseContent(List.of(IntegrationRequest.ResponseContentEnum.REFERRAL, IntegrationRequest.ResponseContentEnum.EVENT)),
                false, null);
        assertThat(closed.getEvent().getType()).isEqualTo("talon_session_created");
        assertThat(closed.getEvent().getEffects()).hasSize(2);
        assertThat(types(closed.getEffects())).containsExactly("setDiscount", "acceptReferral");
        assertThat(closed.getReferral().getUsageCounter()).isEqualTo(1L);
        assertThat(closed.getReferral().getReferredCustomers()).containsExactly("friend-" + id);
        InlineResponse20012 listed = management().getReferralsWithoutTotalCount(2L, id, 1000L, 0L, "-id", made.getCode(), null,
                null, "validNow", "false", "advocate-" + id);
        assertThat(listed.getData()).extracting(Referral::getCode).containsExactly(made.getCode());
        assertThat(listed.getHasMore()).isFalse();
    }

    @Test
    void additionalCostsAndTheirDiscountsConformToTheSchemas() throws Exception {
        ManagementApi management = management();
        AccountAdditionalCost cost = management.createAdditionalCost(new NewAdditionalCost().name("conformanceShipping" + id)
                .title("Conformance shipping " + id).description("by van").type(NewAdditionalCost.TypeEnum.BOTH)
                .subscribedApplicationsIds(List.of(2L)));
        assertThat(management.getAdditionalCost(cost.getId()).getName()).isEqualTo("conformanceShipping" + id);
        assertThat(management.updateAdditionalCost(cost.getId(), new NewAdditionalCost().name("conformanceShipping" + id)
                .title("Conformance shipping " + id).description("by bike").type(NewAdditionalCost.TypeEnum.BOTH)
                .subscribedApplicationsIds(List.of(2L))).getDescription())
                .isEqualTo("by bike");
        assertThat(management.getAdditionalCosts(1000L, 0L, "-id").getData()).extracting(AccountAdditionalCost::getId).contains(cost.getId());
        new EngineClient(port).campaign(2, id, json("""
                name: shipping conformance %d
                appliesTo: {skus: [COST-CONF-%d]}
                rules: [{title: free, effects: [{type: setDiscountPerAdditionalCost, name: free, additionalCost: conformanceShipping%d,
                         value: "2.0"}]}]
                """.formatted(id, id, id)));
        IntegrationStateV2 closed = talon.updateCustomerSessionV2("cost-" + id, new IntegrationRequest().customerSession(
                        new NewCustomerSessionV2().profileId("shipped-" + id).state(NewCustomerSessionV2.StateEnum.CLOSED)
                                .additionalCosts(java.util.Map.of("conformanceShipping" + id, new AdditionalCost().price(new BigDecimal("4.99"))))
                                .cartItems(List.of(new CartItem().sku("COST-CONF-" + id).quantity(1L).price(BigDecimal.TEN)
                                        .additionalCosts(java.util.Map.of("conformanceShipping" + id, new AdditionalCost().price(BigDecimal.ONE))))))
                .responseContent(List.of(IntegrationRequest.ResponseContentEnum.CUSTOMER_SESSION)), false, null);
        assertThat(types(closed.getEffects())).containsExactly("setDiscountPerAdditionalCost");
        assertThat(closed.getCustomerSession().getTotal()).isEqualByComparingTo("15.99");
        assertThat(closed.getCustomerSession().getAdditionalCostTotal()).isEqualByComparingTo("5.99");
        assertThat(closed.getCustomerSession().getCartItems().get(0).getAdditionalCosts().get("conformanceShipping" + id).getPrice())
                .isEqualByComparingTo("1.00");
    }

    @Test
    void errorsUseTheSpecifiedStatusCodes() {
        assertThatThrownBy(() -> talon.getCustomerSession("missing-" + id))
                .satisfies(e -> assertThat(((ApiException) e).getCode()).isEqualTo(404));
        assertThatThrownBy(() -> update("bad-" + id, new NewCustomerSessionV2().cartItems(List.of(new CartItem().sku("X").quantity(0L)))))
                .satisfies(e -> {
                    assertThat(((ApiException) e).getCode()).isEqualTo(400);
                    assertThat(((ApiException) e).getResponseBody()).contains("/customerSession/cartItems/0/quantity");
                });
    }
}
