package io.tillgate.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.tillgate.gateway.EngineClient.effects;
import static io.tillgate.gateway.SessionApiTest.json;
import static io.tillgate.gateway.SessionApiTest.nextId;
import static org.assertj.core.api.Assertions.assertThat;

/** Points through returns, cancels and reopens, under each return policy and the return window. */
class LoyaltyApiTest extends GatewayTest {
    EngineClient engine;
    long id;
    String sku;

    @BeforeEach
    void engine() {
        engine = new EngineClient(port);
        id = nextId();
        sku = "PTS-" + id;
    }

    /** A program, and a campaign of 1 point per whole dollar on carts with this test's SKU, and a redeem rule. */
    private void program(String pending, String validity, String policy) {
        GatewayClient.Reply reply = engine.put("/v1/loyalty_programs/" + id, EngineClient.MANAGEMENT, json("""
                name: program-%d
                defaultPending: %s
                defaultValidity: %s
                returnPolicy: %s
                """.formatted(id, pending, validity, policy)));
        assertThat(reply.status()).isEqualTo(200);
        engine.campaign(2, id, json("""
                name: points %d
                appliesTo: {skus: [%s]}
                rules:
                  - title: 1 point per dollar
                    condition: "!('redeem' in session.attributes)"
                    effects: [{type: addLoyaltyPoints, programId: %d, name: per dollar, value: "double(int(session.total))"}]
                  - title: redeem
                    condition: "'redeem' in session.attributes"
                    effects: [{type: deductLoyaltyPoints, programId: %d, name: redeem, value: "double(session.attributes.redeem)"}]
                """.formatted(id, sku, id, id)));
    }

    private JsonNode close(String session, int units, String price) {
        return engine.session(session, """
                {"customerSession": {"profileId": "member-%d", "state": "closed",
                 "cartItems": [{"sku": "%s", "quantity": %d, "price": %s}]}}""".formatted(id, sku, units, price));
    }

    private JsonNode redeem(String session, int points) {
        return engine.session(session, """
                {"customerSession": {"profileId": "member-%d", "state": "closed", "attributes": {"redeem": %d},
                 "cartItems": [{"sku": "%s", "quantity": 1, "price": 1}]}}""".formatted(id, points, sku));
    }

    private JsonNode balance() {
        return engine.get("/v1/loyalty_programs/" + id + "/profile/member-" + id + "/balances", EngineClient.MANAGEMENT).json().get("balance");
    }

    private JsonNode returnUnits(String session, int position, int quantity) {
        return engine.returns(session, "{\"return\": {\"returnedCartItems\": [{\"position\": " + position + ", \"quantity\": " + quantity + "}]}}");
    }

    @Test
    void aProgramShowsWhenItWasFirstSavedAndKeepsItWhenChanged() {
        java.time.Instant before = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        program("immediate", "unlimited", "unlimited");
        String created = engine.get("/v1/loyalty_programs/" + id, EngineClient.MANAGEMENT).json().get("created").asText();
        assertThat(java.time.Instant.parse(created)).isBetween(before, clock.instant());
        program("14D", "12M", "only_pending");
        assertThat(engine.get("/v1/loyalty_programs/" + id, EngineClient.MANAGEMENT).json().get("created").asText()).isEqualTo(created);
    }

    @Test
    void pointsEarnedAtCloseAreSpreadOverUnitsAndAReturnTakesBackTheReturnedUnitsPoints() {
        program("immediate", "unlimited", "within_balance");
        JsonNode closed = close("s-" + id, 4, "25.00");
        assertThat(effects(closed)).containsExactly("addLoyaltyPoints 100");
        assertThat(closed.at("/effects/0/props/recipientIntegrationId").asText()).isEqualTo("member-" + id);
        assertThat(balance().get("activePoints").decimalValue()).isEqualByComparingTo("100");
        JsonNode returned = returnUnits("s-" + id, 0, 1);
        assertThat(effects(returned)).containsExactly("rollbackAddedLoyaltyPoints 25");
        assertThat(returned.at("/effects/0/props/cartItemPosition").asInt()).isEqualTo(0);
        assertThat(returned.at("/effects/0/props/cartItemSubPosition").asInt()).isEqualTo(0);
        assertThat(balance().get("activePoints").decimalValue()).isEqualByComparingTo("75");
        assertThat(effects(engine.session("s-" + id, "{\"customerSession\": {\"state\": \"cancelled\"}}")))
                .containsExactly("rollbackAddedLoyaltyPoints 75");
        assertThat(balance().get("activePoints").decimalValue()).isEqualByComparingTo("0");
    }

    @Test
    void onlyPendingTakesBackPendingPointsAndLeavesActiveOnes() {
        program("14D", "unlimited", "only_pending");
        close("s-" + id, 4, "25.00");
        assertThat(balance().get("pendingPoints").decimalValue()).isEqualByComparingTo("100");
        assertThat(effects(returnUnits("s-" + id, 0, 2))).containsExactly("rollbackAddedLoyaltyPoints 25", "rollbackAddedLoyaltyPoints 25");
        assertThat(balance().get("pendingPoints").decimalValue()).isEqualByComparingTo("50");
        clock.advance(Duration.ofDays(15));
        assertThat(balance().get("activePoints").decimalValue()).isEqualByComparingTo("50");
        assertThat(effects(returnUnits("s-" + id, 0, 1))).isEmpty();
        assertThat(balance().get("activePoints").decimalValue()).isEqualByComparingTo("50");
    }

    @Test
    void withinBalanceTakesBackNoMoreThanTheBalanceHolds() {
        program("immediate", "unlimited", "within_balance");
        close("earn-" + id, 1, "100.00");
        JsonNode spent = redeem("spend-" + id, 80);
        assertThat(effects(spent)).containsExactly("deductLoyaltyPoints 80");
        assertThat(balance().get("activePoints").decimalValue()).isEqualByComparingTo("20");
        assertThat(balance().get("spentPoints").decimalValue()).isEqualByComparingTo("80");
        assertThat(effects(engine.session("earn-" + id, "{\"customerSession\": {\"state\": \"cancelled\"}}")))
                .containsExactly("rollbackAddedLoyaltyPoints 20");
        assertThat(balance().get("activePoints").decimalValue()).isEqualByComparingTo("0");
        assertThat(balance().get("negativePoints").decimalValue()).isEqualByComparingTo("0");
    }

    @Test
    void unlimitedTakesBackEverythingAndTheBalanceGoesNegative() {
        program("immediate", "unlimited", "unlimited");
        close("earn-" + id, 1, "100.00");
        redeem("spend-" + id, 80);
        assertThat(effects(engine.session("earn-" + id, "{\"customerSession\": {\"state\": \"cancelled\"}}")))
                .containsExactly("rollbackAddedLoyaltyPoints 100");
        assertThat(balance().get("activePoints").decimalValue()).isEqualByComparingTo("0");
        assertThat(balance().get("negativePoints").decimalValue()).isEqualByComparingTo("80");
    }

    @Test
    void cancellingARedemptionGivesThePointsBack() {
        program("immediate", "unlimited", "within_balance");
        close("earn-" + id, 1, "100.00");
        redeem("spend-" + id, 30);
        assertThat(effects(engine.session("spend-" + id, "{\"customerSession\": {\"state\": \"cancelled\"}}")))
                .containsExactly("rollbackDeductedLoyaltyPoints 30");
        assertThat(balance().get("activePoints").decimalValue()).isEqualByComparingTo("100");
        assertThat(balance().get("spentPoints").decimalValue()).isEqualByComparingTo("0");
    }

    @Test
    void aRedemptionBeyondTheActiveBalanceFailsTheRule() {
        program("immediate", "unlimited", "within_balance");
        close("earn-" + id, 1, "10.00");
        assertThat(effects(redeem("spend-" + id, 11))).isEmpty();
        assertThat(balance().get("activePoints").decimalValue()).isEqualByComparingTo("10");
    }

    @Test
    void pointsAreSpentEarliestExpiryFirst() {
        program("immediate", "12M", "within_balance");
        close("first-" + id, 1, "10.00");
        clock.advance(Duration.ofDays(31));
        close("second-" + id, 1, "10.00");
        redeem("spend-" + id, 15);
        assertThat(balance().get("activePoints").decimalValue()).isEqualByComparingTo("5");
        clock.advance(Duration.ofDays(340)); // the first points expire, the second do not yet
        JsonNode later = balance();
        assertThat(later.get("expiredPoints").decimalValue()).isEqualByComparingTo("0");
        assertThat(later.get("activePoints").decimalValue()).isEqualByComparingTo("5");
    }

    @Test
    void returnsAfterTheReturnWindowDoNotAdjustPointsButStillRollBackDiscounts() {
        program("immediate", "unlimited", "unlimited");
        engine.campaign(2, id + 500_000, json("""
                name: one off %d
                appliesTo: {skus: [%s]}
                rules:
                  - title: one off
                    effects: [{type: setDiscountPerItem, name: one off, value: "1.0"}]
                """.formatted(id, sku)));
        close("s-" + id, 2, "10.00");
        clock.advance(Duration.ofDays(370));
        assertThat(effects(returnUnits("s-" + id, 0, 1))).containsExactly("rollbackDiscount 1");
        assertThat(balance().get("activePoints").decimalValue()).isEqualByComparingTo("20");
    }

    @Test
    void reopenRollsBackPointsAndTheNextCloseEarnsThemAgain() {
        program("immediate", "unlimited", "within_balance");
        close("s-" + id, 1, "42.50");
        assertThat(balance().get("activePoints").decimalValue()).isEqualByComparingTo("42");
        GatewayClient.Reply reopened = engine.put("/v2/customer_sessions/s-" + id + "/reopen", EngineClient.APP, "");
        assertThat(reopened.status()).isEqualTo(200);
        assertThat(effects(reopened.json())).containsExactly("rollbackAddedLoyaltyPoints 42");
        assertThat(balance().get("activePoints").decimalValue()).isEqualByComparingTo("0");
        JsonNode again = engine.session("s-" + id, "{\"customerSession\": {\"state\": \"closed\"}}");
        assertThat(effects(again)).containsExactly("addLoyaltyPoints 42");
        assertThat(balance().get("activePoints").decimalValue()).isEqualByComparingTo("42");
    }

    @Test
    void aCancelAfterTheReturnWindowGivesNoSpentPointsBack() { // issue 16, finding 5
        program("immediate", "unlimited", "within_balance");
        close("earn-" + id, 1, "10.00");
        redeem("spend-" + id, 4);
        assertThat(balance().get("activePoints").decimalValue()).isEqualByComparingTo("6");
        clock.advance(Duration.ofDays(370));
        assertThat(effects(engine.session("earn-" + id, "{\"customerSession\": {\"state\": \"cancelled\"}}"))).isEmpty();
        assertThat(effects(engine.session("spend-" + id, "{\"customerSession\": {\"state\": \"cancelled\"}}"))).isEmpty();
        assertThat(balance().get("activePoints").decimalValue()).isEqualByComparingTo("6");
        assertThat(balance().get("spentPoints").decimalValue()).isEqualByComparingTo("4");
    }

    @Test
    void newPointsPayOffANegativeBalanceFirst() { // issue 16, finding 6
        program("immediate", "unlimited", "unlimited");
        close("earn-" + id, 1, "10.00");
        redeem("spend-" + id, 8);
        engine.session("earn-" + id, "{\"customerSession\": {\"state\": \"cancelled\"}}");
        assertThat(balance().get("negativePoints").decimalValue()).isEqualByComparingTo("8");
        close("again-" + id, 1, "10.00");
        assertThat(balance().get("activePoints").decimalValue()).isEqualByComparingTo("2");
        assertThat(balance().get("negativePoints").decimalValue()).isEqualByComparingTo("0");
    }

    @Test
    void underOnlyPendingAReopenLeavesActivePointsAndTheReCloseEarnsAgain() { // issue 16, rule 9: as Talon.One documents
        program("immediate", "unlimited", "only_pending");
        close("s-" + id, 1, "20.00");
        GatewayClient.Reply reopened = engine.put("/v2/customer_sessions/s-" + id + "/reopen", EngineClient.APP, "");
        assertThat(effects(reopened.json())).isEmpty();
        assertThat(effects(engine.session("s-" + id, "{\"customerSession\": {\"state\": \"closed\"}}")))
                .containsExactly("addLoyaltyPoints 20");
        assertThat(balance().get("activePoints").decimalValue()).isEqualByComparingTo("40");
        assertThat(balance().toString()).contains("\"activePoints\":40.00", "\"pendingPoints\":0.00", "\"expiredPoints\":0.00");
    }
}
