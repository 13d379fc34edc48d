package io.tillgate.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.tillgate.PosFixtures.envelope;
import static io.tillgate.PosFixtures.oneItemSale;
import static io.tillgate.gateway.SessionApiTest.json;
import static io.tillgate.gateway.SessionApiTest.nextId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Achievements: "the 10th coffee free" through the till, surviving a refunded 9th coffee; progress per unit given back
 * on a return, per session on a full return; periods, completion and its rollback; the Integration and Management
 * APIs' views; campaigns refused for what they get wrong.
 */
class AchievementsTest extends GatewayTest {
    private static final String APP1 = "ApiKey-v1 demo-app-key";
    EngineClient engine;
    long id;
    String coffee;
    String member;
    String card;

    @BeforeEach
    void engine() {
        engine = new EngineClient(port);
        id = nextId();
        coffee = "COFFEE-" + id;
        member = "coffee-member-" + id;
        card = "CoffeeCard" + id;
    }

    /** The coffee card: a stamp per coffee, the 10th free, and then it starts again. */
    private void coffeeCard(long app) {
        engine.campaign(app, id, json("""
                name: coffee card %d
                appliesTo: {skus: [%s]}
                achievements:
                  - {name: %s, title: the 10th coffee free, description: a stamp per coffee, target: 10, recurrencePolicy: on_completion}
                rules:
                  - title: the 10th coffee is free
                    condition: "profile.achievements.%s.progress >= 9.0"
                    effects: [{type: setDiscountPerItem, name: free coffee, value: item.price, items: "item.subPosition == 0 && item.position == 0"}]
                  - title: a stamp per coffee
                    effects: [{type: increaseAchievementProgress, achievement: %s, items: "item.sku == '%s'"}]
                """.formatted(id, coffee, card, card, card, coffee)));
    }

    @Test
    void theTenthCoffeeIsFreeAndARefundedNinthCoffeeDoesNotCount() {
        coffeeCard(1);
        for (int i = 1; i <= 8; i++) {
            assertThat(sell("c" + i)).containsExactly("increaseAchievementProgress +1.00=" + i + ".00/10.00");
        }
        String ninth = "coffee-" + id + "-c9";
        assertThat(sell("c9")).containsExactly("increaseAchievementProgress +1.00=9.00/10.00");

        // the 9th coffee refunded: its stamp goes, and the next coffee is the 9th again, not free
        ObjectNode voided = sale(ninth, "2026-03-02T10:00:00.000Z");
        voided.put("is_voided", true);
        assertThat(client.send(envelope("store-1", UUID.randomUUID().toString(), voided)).status()).isEqualTo(200);
        assertThat(effects(awaitOutcomes("store-1", ninth, 2).at("/outcomes/1")))
                .containsExactly("rollbackIncreasedAchievementProgress -1.00=8.00/10.00");
        assertThat(sell("c10")).containsExactly("increaseAchievementProgress +1.00=9.00/10.00");

        // the 10th stamp's coffee is free, and completes the card
        String tenth = "coffee-" + id + "-c11";
        assertThat(sell("c11")).containsExactly("setDiscountPerItem 3.50", "increaseAchievementProgress +1.00=10.00/10.00 completed");
        // the card starts again
        assertThat(sell("c12")).containsExactly("increaseAchievementProgress +1.00=1.00/10.00");

        JsonNode standing = engine.get("/v1/customer_profiles/" + member + "/achievements", APP1).json();
        assertThat(standing.get("totalResultSize").asInt()).isEqualTo(1);
        JsonNode entry = standing.at("/data/0");
        assertThat(entry.get("name").asText()).isEqualTo(card);
        assertThat(entry.get("campaignId").asLong()).isEqualTo(id);
        assertThat(entry.get("target").decimalValue()).isEqualByComparingTo("10");
        assertThat(entry.get("recurrencePolicy").asText()).isEqualTo("on_completion");
        assertThat(entry.get("status").asText()).isEqualTo("active");
        assertThat(entry.at("/currentProgress/status").asText()).isEqualTo("inprogress");
        assertThat(entry.at("/currentProgress/progress").decimalValue()).isEqualByComparingTo("1");
        long achievementId = entry.get("id").asLong();

        JsonNode history = engine.get("/v1/customer_profiles/" + member + "/achievements/" + achievementId, APP1).json();
        assertThat(history.get("totalResultSize").asInt()).isEqualTo(2);
        assertThat(history.at("/data/0/status").asText()).isEqualTo("completed");
        assertThat(history.at("/data/0/progress").decimalValue()).isEqualByComparingTo("10");
        assertThat(history.at("/data/0/completionDate").asText()).isNotEmpty();
        assertThat(history.at("/data/1/status").asText()).isEqualTo("inprogress");

        // the free coffee's sale voided: its discount goes back; the completed card keeps its stamps
        ObjectNode voidedTenth = sale(tenth, "2026-03-02T11:00:00.000Z");
        voidedTenth.put("is_voided", true);
        assertThat(client.send(envelope("store-1", UUID.randomUUID().toString(), voidedTenth)).status()).isEqualTo(200);
        assertThat(effects(awaitOutcomes("store-1", tenth, 2).at("/outcomes/1"))).containsExactly("rollbackDiscount 3.50");
        JsonNode after = engine.get("/v1/customer_profiles/" + member + "/achievements/" + achievementId, APP1).json();
        assertThat(after.at("/data/0/progress").decimalValue()).isEqualByComparingTo("10");

        // the Integration API's view is the application's: another's key finds no such customer there
        assertThat(engine.get("/v1/customer_profiles/" + member + "/achievements", EngineClient.MANAGEMENT).status()).isEqualTo(401);
        assertThat(engine.get("/v1/customer_profiles/" + member + "/achievements", EngineClient.APP).status()).isEqualTo(404);
    }

    @Test
    void progressPerUnitGoesBackWithItsUnitsAndProgressPerSessionWithTheWholeSale() {
        engine.campaign(2, id, json("""
                name: stamps %d
                appliesTo: {skus: [A-%d, B-%d]}
                achievements:
                  - {name: Units%d, title: units, target: 100}
                  - {name: Visits%d, title: visits, target: 5}
                rules:
                  - title: a stamp per unit, and one per visit
                    effects:
                      - {type: increaseAchievementProgress, achievement: Units%d, items: "true", value: "item.price"}
                      - {type: increaseAchievementProgress, achievement: Visits%d}
                """.formatted(id, id, id, id, id, id, id)));
        String session = "stamps-" + id;
        JsonNode closed = engine.put("/v2/customer_sessions/" + session, EngineClient.APP, """
                {"customerSession": {"profileId": "%s", "state": "closed", "cartItems": [
                  {"sku": "A-%d", "quantity": 2, "price": 12.50}, {"sku": "B-%d", "quantity": 1, "price": 30}]}}"""
                .formatted(member, id, id)).json();
        assertThat(effects(closed)).containsExactly("increaseAchievementProgress +55.00=55.00/100.00",
                "increaseAchievementProgress +1.00=1.00/5.00");

        JsonNode returned = engine.post("/v2/customer_sessions/" + session + "/returns", EngineClient.APP,
                "{\"return\": {\"returnedCartItems\": [{\"position\": 0, \"quantity\": 1}]}}").json();
        assertThat(effects(returned)).containsExactly("rollbackIncreasedAchievementProgress -12.50=42.50/100.00");
        JsonNode rest = engine.post("/v2/customer_sessions/" + session + "/returns", EngineClient.APP,
                "{\"return\": {\"returnedCartItems\": [{\"position\": 0, \"quantity\": 1}, {\"position\": 1}]}}").json();
        // everything is back: the units' progress and the visit's
        assertThat(effects(rest)).containsExactly("rollbackIncreasedAchievementProgress -42.50=0.00/100.00",
                "rollbackIncreasedAchievementProgress -1.00=0.00/5.00");
    }

    @Test
    void aPeriodEndsProgressAndACompletedAchievementKeepsItsProgressUnlessAllowedBack() {
        engine.campaign(2, id, json("""
                name: periods %d
                appliesTo: {skus: [V-%d]}
                achievements:
                  - {name: Week%d, title: three visits a week, target: 3, period: 1W_U, recurrencePolicy: on_expiration}
                  - {name: Once%d, title: two visits ever, target: 2, allowRollbackAfterCompletion: true}
                rules:
                  - title: a visit
                    effects:
                      - {type: increaseAchievementProgress, achievement: Week%d}
                      - {type: increaseAchievementProgress, achievement: Once%d}
                """.formatted(id, id, id, id, id, id)));
        assertThat(effects(visit("v1"))).containsExactly("increaseAchievementProgress +1.00=1.00/3.00",
                "increaseAchievementProgress +1.00=1.00/2.00");
        assertThat(effects(visit("v2"))).containsExactly("increaseAchievementProgress +1.00=2.00/3.00",
                "increaseAchievementProgress +1.00=2.00/2.00 completed");
        // one-time and completed: no more progress in it
        assertThat(effects(visit("v3"))).containsExactly("increaseAchievementProgress +1.00=3.00/3.00 completed");
        assertThat(effects(visit("v4"))).isEmpty(); // the week's is completed until the week ends

        // a cancel takes the one-time achievement's progress back, as it allows: it is in progress again; the week's,
        // completed, keeps its progress
        JsonNode cancelled = engine.put("/v2/customer_sessions/visit-" + id + "-v2", EngineClient.APP,
                "{\"customerSession\": {\"state\": \"cancelled\"}}").json();
        assertThat(effects(cancelled)).containsExactly("rollbackIncreasedAchievementProgress -1.00=1.00/2.00");

        // once the week is over (1W_U: a week, then to the end of the week it ends in) it starts again from nothing
        clock.advance(Duration.ofDays(12));
        assertThat(effects(visit("v5"))).containsExactly("increaseAchievementProgress +1.00=1.00/3.00",
                "increaseAchievementProgress +1.00=2.00/2.00 completed");
        // every achievement of the application, the customer's standing in each: these two by their titles
        JsonNode week = engine.get("/v1/applications/2/achievement_progress/" + member + "?title=three%20visits%20a%20week",
                EngineClient.MANAGEMENT).json();
        assertThat(week.get("hasMore").asBoolean()).isFalse();
        assertThat(week.get("data")).hasSize(1);
        JsonNode progress = week.at("/data/0");
        assertThat(progress.get("name").asText()).isEqualTo("Week" + id);
        assertThat(progress.get("progress").decimalValue()).isEqualByComparingTo("1");
        assertThat(progress.get("status").asText()).isEqualTo("inprogress");
        assertThat(progress.get("achievementRecurrencePolicy").asText()).isEqualTo("on_expiration");
        // 1W_U: the end of the week the period's last day falls in, a Monday at midnight in the application's time zone
        java.time.ZonedDateTime end = Instant.parse(progress.get("endDate").asText()).atZone(java.time.ZoneId.of("America/New_York"));
        assertThat(end.getDayOfWeek()).isEqualTo(java.time.DayOfWeek.MONDAY);
        assertThat(end.truncatedTo(ChronoUnit.DAYS)).isEqualTo(end);
        java.time.ZonedDateTime lastDay = clock.instant().atZone(end.getZone()).plusWeeks(1);
        assertThat(end.toLocalDate()).isAfter(lastDay.toLocalDate()).isBefore(lastDay.toLocalDate().plusDays(8));
        JsonNode once = engine.get("/v1/applications/2/achievement_progress/" + member + "?title=two%20visits%20ever",
                EngineClient.MANAGEMENT).json();
        assertThat(once.at("/data/0/status").asText()).isEqualTo("completed");
    }

    @Test
    void campaignsWithAchievementsAreListedAndRefusedWhereTheyAreWrong() {
        coffeeCard(2);
        JsonNode listed = engine.get("/v1/applications/2/campaigns/" + id + "/achievements", EngineClient.MANAGEMENT).json();
        assertThat(listed.at("/data/0/name").asText()).isEqualTo(card);
        assertThat(listed.at("/data/0/title").asText()).isEqualTo("the 10th coffee free");
        assertThat(listed.at("/data/0/hasProgress").asBoolean()).isFalse();
        long achievementId = listed.at("/data/0/id").asLong();
        JsonNode one = engine.get("/v1/applications/2/campaigns/" + id + "/achievements/" + achievementId, EngineClient.MANAGEMENT).json();
        assertThat(one.get("description").asText()).isEqualTo("a stamp per coffee");
        assertThat(engine.get("/v1/applications/2/campaigns/" + id + "/achievements", EngineClient.APP).status()).isEqualTo(401);

        refused("achievements: [{name: A1, title: t, target: 1}]\nrules: [{title: r, effects: [{type: increaseAchievementProgress, achievement: B1}]}]",
                "/rules/0/effects/0/achievement", "not one of this campaign's achievements");
        refused("achievements: [{name: A1, title: t, target: 1, period: 1.5D}]", "/achievements/0/period", "not a period");
        refused("achievements: [{name: A1, title: t, target: 1, period: 2h_U}]", "/achievements/0/period", "_U");
        refused("achievements: [{name: A1, title: t, target: 0}]", "/achievements/0/target", "above 0");
        refused("achievements: [{name: A1, title: t, target: 1, periodEndOverride: {hour: 23, minute: 59, second: 59}}]",
                "/achievements/0/periodEndOverride", "not built yet");
        refused("achievements: [{name: A1, title: t, target: 1, activationPolicy: fixed_schedule}]", "/achievements/0/fixedStartDate",
                "starts at fixedStartDate");
        refused("achievements: [{name: A1, title: t, target: 1, recurrencePolicy: on_expiration}]", "/achievements/0/period", "needs a period");
        refused("achievements: [{name: 1A, title: t, target: 1}]", "/achievements/0/name", "a letter");
        refused("achievements: [{name: A1, title: t, target: 1, color: red}]", "/achievements/0/color", "");
        refused("achievements: [{name: A1, title: t, target: 1}]\nrules: [{title: r, effects: [{type: increaseAchievementProgress, achievement: A1, item: \"true\"}]}]",
                "/rules/0/effects/0/item", "not a field of increaseAchievementProgress");
        refused("rules: [{title: r, effects: [{type: setDiscount, name: d, value: item.price}]}]", "/rules/0/effects/0/value", "item");
        refused("rules: [{title: r, condition: \"profile.achievements.Nobody%d.progress > 1.0\", effects: [{type: showNotification, title: t, body: b}]}]"
                .formatted(id), "/rules/0/condition", "Nobody" + id);
        refused("achievements: [{name: A2, title: \"t\\u0000\", target: 1}]", "/achievements/0/title", "control");
        // names are the application's: another campaign's is taken
        refused("achievements: [{name: %s, title: t, target: 1}]".formatted(card), "/achievements/0/name", "campaign " + id);
    }

    @Test
    void progressFixesWhatCanChangeAndACampaignsDeletionStartsItsAchievementsAfresh() {
        String yaml = """
                name: fixed %d
                appliesTo: {skus: [F-%d]}
                achievements: [{name: Fixed%d, title: fixed, target: %s}]
                rules: [{title: visit, effects: [{type: increaseAchievementProgress, achievement: Fixed%d}]}]
                """;
        engine.campaign(2, id, json(yaml.formatted(id, id, id, "5", id)));
        String session = "{\"customerSession\": {\"profileId\": \"" + member + "\", \"state\": \"closed\", "
                + "\"cartItems\": [{\"sku\": \"F-" + id + "\", \"quantity\": 1, \"price\": 5}]}}";
        assertThat(effects(engine.put("/v2/customer_sessions/fixed-" + id + "-1", EngineClient.APP, session).json()))
                .containsExactly("increaseAchievementProgress +1.00=1.00/5.00");
        GatewayClient.Reply changed = engine.put("/v1/applications/2/campaigns/" + id, EngineClient.MANAGEMENT, json(yaml.formatted(id, id, id, "3", id)));
        assertThat(changed.status()).isEqualTo(400);
        assertThat(changed.json().at("/errors/0/source/pointer").asText()).isEqualTo("/achievements/0/target");
        // nor can it be dropped, to come back changed
        GatewayClient.Reply dropped = engine.put("/v1/applications/2/campaigns/" + id, EngineClient.MANAGEMENT, json(
                "name: fixed %d\nappliesTo: {skus: [F-%d]}\nrules: [{title: r, effects: [{type: showNotification, title: t, body: b}]}]"
                        .formatted(id, id)));
        assertThat(dropped.status()).isEqualTo(400);
        assertThat(dropped.json().at("/errors/0/details").asText()).contains("cannot be removed");

        // another campaign reads it: the campaign cannot go while it does
        long reader = nextId();
        engine.campaign(2, reader, json("""
                name: reader %d
                appliesTo: {skus: [F-%d]}
                rules: [{title: r, condition: "profile.achievements.Fixed%d.progress >= 1.0", effects: [{type: showNotification, title: t, body: b}]}]
                """.formatted(reader, id, id)));
        assertThat(engine.delete("/v1/applications/2/campaigns/" + id, EngineClient.MANAGEMENT).status()).isEqualTo(409);
        assertThat(engine.delete("/v1/applications/2/campaigns/" + reader, EngineClient.MANAGEMENT).status()).isEqualTo(204);
        assertThat(engine.delete("/v1/applications/2/campaigns/" + id, EngineClient.MANAGEMENT).status()).isEqualTo(204);
        // the same campaign again is a new achievement: from nothing
        engine.campaign(2, id, json(yaml.formatted(id, id, id, "3", id)));
        assertThat(effects(engine.put("/v2/customer_sessions/fixed-" + id + "-2", EngineClient.APP, session).json()))
                .containsExactly("increaseAchievementProgress +1.00=1.00/3.00");
    }

    @Test
    void theManagementApiCreatesUpdatesAndDeletesAchievementsInTheirCampaign() {
        engine.campaign(2, id, json("""
                name: written %d
                appliesTo: {skus: [W-%d]}
                rules: [{title: note, effects: [{type: showNotification, title: t, body: b}]}]
                """.formatted(id, id)));
        String base = "/v1/applications/2/campaigns/" + id + "/achievements";
        GatewayClient.Reply created = engine.post(base, EngineClient.MANAGEMENT,
                "{\"name\": \"Spend" + id + "\", \"title\": \"spend 100\", \"description\": \"d\", \"target\": 100, \"period\": \"1M_U\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("period").asText()).isEqualTo("1M_U");
        assertThat(created.json().get("recurrencePolicy").asText()).isEqualTo("no_recurrence");
        long achievementId = created.json().get("id").asLong();
        // in the campaign's document, where a rule can now use it
        assertThat(engine.campaign(2, id).at("/achievements/0/name").asText()).isEqualTo("Spend" + id);

        assertThat(engine.post(base, EngineClient.MANAGEMENT, "{\"name\": \"Spend" + id + "\", \"title\": \"other\", \"target\": 1}")
                .status()).isEqualTo(409);
        GatewayClient.Reply wrong = engine.post(base, EngineClient.MANAGEMENT, "{\"name\": \"Other" + id + "\", \"title\": \"x\", \"target\": -1}");
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().at("/errors/0/source/pointer").asText()).isEqualTo("/target");

        GatewayClient.Reply updated = engine.put(base + "/" + achievementId, EngineClient.MANAGEMENT, "{\"target\": 150, \"title\": \"spend 150\"}");
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(updated.json().get("target").decimalValue()).isEqualByComparingTo("150");
        assertThat(updated.json().get("period").asText()).isEqualTo("1M_U");
        assertThat(updated.json().get("id").asLong()).isEqualTo(achievementId);
        assertThat(engine.put(base + "/" + achievementId, EngineClient.MANAGEMENT, "{\"name\": \"Renamed\"}").status()).isEqualTo(400);

        // a rule uses it: it cannot go until the rule does
        engine.campaign(2, id, json("""
                name: written %d
                appliesTo: {skus: [W-%d]}
                achievements: [{name: Spend%d, title: spend 150, target: 150}]
                rules: [{title: spend, effects: [{type: increaseAchievementProgress, achievement: Spend%d, value: session.total}]}]
                """.formatted(id, id, id, id)));
        GatewayClient.Reply inUse = engine.delete(base + "/" + achievementId, EngineClient.MANAGEMENT);
        assertThat(inUse.status()).isEqualTo(409);
        assertThat(inUse.json().at("/errors/0/details").asText()).contains("/rules/0/effects/0/achievement");
        engine.campaign(2, id, json("""
                name: written %d
                appliesTo: {skus: [W-%d]}
                achievements: [{name: Spend%d, title: spend 150, target: 150}]
                rules: [{title: note, effects: [{type: showNotification, title: t, body: b}]}]
                """.formatted(id, id, id)));
        assertThat(engine.delete(base + "/" + achievementId, EngineClient.MANAGEMENT).status()).isEqualTo(204);
        assertThat(engine.get(base + "/" + achievementId, EngineClient.MANAGEMENT).status()).isEqualTo(404);
        assertThat(engine.get(base, EngineClient.MANAGEMENT).json().get("data")).isEmpty();
    }

    @Test
    void aMergeKeepsTheKeptProfilesProgressAndAnErasureTakesTheIdOutOfIt() {
        engine.campaign(2, id, json("""
                name: merged %d
                appliesTo: {skus: [M-%d]}
                achievements:
                  - {name: Both%d, title: both, target: 10}
                  - {name: Only%d, title: only the merged one, target: 10}
                  - {name: Done%d, title: done by the kept one, target: 2}
                rules:
                  - title: both
                    condition: "session.attributes.kind == 'both'"
                    effects: [{type: increaseAchievementProgress, achievement: Both%d, value: "3.0"}]
                  - title: only
                    condition: "session.attributes.kind == 'only'"
                    effects: [{type: increaseAchievementProgress, achievement: Only%d, value: "2.0"}]
                  - title: done
                    condition: "session.attributes.kind == 'done'"
                    effects: [{type: increaseAchievementProgress, achievement: Done%d, value: "session.total / 5.0"}]
                """.formatted(id, id, id, id, id, id, id, id)));
        String kept = "kept-" + id;
        String gone = "gone-" + id;
        visit(kept, "k1", "both");
        visit(gone, "g1", "both");
        visit(gone, "g2", "only");
        visit(kept, "k2", "done", 10); // 2 of 2: completed, once and for all
        visit(gone, "g4", "done", 5); // 1 of 2, still running
        GatewayClient.Reply merged = engine.post("/v1/applications/2/customer_merges", EngineClient.MANAGEMENT,
                "{\"from\": \"" + gone + "\", \"into\": \"" + kept + "\"}");
        assertThat(merged.status()).as(merged.body()).isEqualTo(201);
        JsonNode standing = engine.get("/v1/customer_profiles/" + kept + "/achievements", EngineClient.APP).json();
        assertThat(standing.at("/data/0/name").asText()).isEqualTo("Both" + id);
        assertThat(standing.at("/data/0/currentProgress/progress").decimalValue()).isEqualByComparingTo("3"); // the kept one's
        assertThat(standing.at("/data/1/currentProgress/progress").decimalValue()).isEqualByComparingTo("2"); // moved over
        // the kept profile completed the one-time achievement: that stands, the merged one's progress is history
        assertThat(standing.at("/data/2/name").asText()).isEqualTo("Done" + id);
        assertThat(standing.at("/data/2/currentProgress/status").asText()).isEqualTo("completed");
        assertThat(standing.at("/data/2/currentProgress/progress").decimalValue()).isEqualByComparingTo("2");
        long done = standing.at("/data/2/id").asLong();
        JsonNode history = engine.get("/v1/customer_profiles/" + kept + "/achievements/" + done, EngineClient.APP).json();
        assertThat(history.get("totalResultSize").asInt()).isEqualTo(2); // both kept, as history
        // the merged id now counts for the kept profile
        assertThat(effects(visit(gone, "g3", "only"))).containsExactly("increaseAchievementProgress +2.00=4.00/10.00");

        assertThat(engine.delete("/v1/customer_data/" + kept, EngineClient.APP).status()).isEqualTo(204);
        assertThat(engine.get("/v1/customer_profiles/" + kept + "/achievements", EngineClient.APP).status()).isEqualTo(404);
        // the erased customer's sale can still be returned: its progress comes off the anonymous tracker
        JsonNode cancelled = engine.put("/v2/customer_sessions/merged-" + id + "-g3", EngineClient.APP,
                "{\"customerSession\": {\"state\": \"cancelled\"}}").json();
        assertThat(effects(cancelled)).containsExactly("rollbackIncreasedAchievementProgress -2.00=2.00/10.00");
    }

    private JsonNode visit(String profile, String suffix, String kind) {
        return visit(profile, suffix, kind, 5);
    }

    private JsonNode visit(String profile, String suffix, String kind, int price) {
        return engine.put("/v2/customer_sessions/merged-" + id + "-" + suffix, EngineClient.APP, """
                {"customerSession": {"profileId": "%s", "state": "closed", "attributes": {"kind": "%s"},
                 "cartItems": [{"sku": "M-%d", "quantity": 1, "price": %d}]}}""".formatted(profile, kind, id, price)).json();
    }

    private void refused(String yaml, String pointer, String words) {
        GatewayClient.Reply reply = engine.put("/v1/applications/2/campaigns/" + nextId(), EngineClient.MANAGEMENT,
                json("name: refused\n" + (yaml.contains("rules:") ? yaml : yaml + "\nrules: [{title: r, effects: [{type: showNotification, title: t, body: b}]}]")));
        assertThat(reply.status()).as(yaml + ": " + reply.body()).isEqualTo(400);
        assertThat(reply.json().at("/errors/0/source/pointer").asText()).as(yaml).isEqualTo(pointer);
        assertThat(reply.json().at("/errors/0/details").asText()).as(yaml).contains(words);
    }

    private JsonNode visit(String suffix) {
        return engine.put("/v2/customer_sessions/visit-" + id + "-" + suffix, EngineClient.APP, """
                {"customerSession": {"profileId": "%s", "state": "closed", "cartItems": [{"sku": "V-%d", "quantity": 1, "price": 5}]}}"""
                .formatted(member, id)).json();
    }

    /** Sells a coffee at 3.50; the close's effects. */
    private List<String> sell(String suffix) {
        String txn = "coffee-" + id + "-" + suffix;
        assertThat(client.send(envelope("store-1", UUID.randomUUID().toString(), sale(txn, "2026-03-01T10:00:00.000Z")))
                .status()).isEqualTo(200);
        return effects(awaitOutcomes("store-1", txn, 1).at("/outcomes/0"));
    }

    private ObjectNode sale(String txn, String at) {
        return oneItemSale(txn, at, coffee, "3.50", member);
    }

    /** Effects as "type value": progress as "+delta=value/target", its rollback as "-by=progress/target". */
    private static List<String> effects(JsonNode outcome) {
        List<String> list = new ArrayList<>();
        outcome.get("effects").forEach(e -> {
            JsonNode p = e.get("props");
            String type = e.get("effectType").asText();
            list.add(type + " " + switch (type) {
                case "increaseAchievementProgress" -> "+" + p.get("delta").decimalValue().toPlainString() + "="
                        + p.get("value").decimalValue().toPlainString() + "/" + p.get("target").decimalValue().toPlainString()
                        + (p.get("isJustCompleted").asBoolean() ? " completed" : "");
                case "rollbackIncreasedAchievementProgress" -> "-" + p.get("decreaseProgressBy").decimalValue().toPlainString() + "="
                        + p.get("currentProgress").decimalValue().toPlainString() + "/" + p.get("target").decimalValue().toPlainString();
                default -> p.path("value").decimalValue().toPlainString();
            });
        });
        return list;
    }
}
