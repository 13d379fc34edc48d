package io.tillgate.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.tillgate.gateway.SessionApiTest.json;
import static io.tillgate.gateway.SessionApiTest.nextId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A customer's points as a till reads them with its own key (Talon.One's Integration API): balances, the ledger of
 * every addition and subtraction with their rollbacks, and the points by status, paged.
 */
class LoyaltyLedgerApiTest extends GatewayTest {
    EngineClient engine;
    long id;
    String sku;
    String member;

    @BeforeEach
    void engine() {
        engine = new EngineClient(port);
        id = nextId();
        sku = "LEDGER-" + id;
        member = "ledger-member-" + id;
    }

    private void program(String pending) {
        assertThat(engine.put("/v1/loyalty_programs/" + id, EngineClient.MANAGEMENT, json("""
                name: ledger-%d
                defaultPending: %s
                returnPolicy: unlimited
                """.formatted(id, pending))).status()).isEqualTo(200);
        engine.campaign(2, id, json("""
                name: ledger points %d
                appliesTo: {skus: [%s]}
                rules:
                  - title: 1 point per dollar
                    condition: "!('redeem' in session.attributes)"
                    effects: [{type: addLoyaltyPoints, programId: %d, name: per dollar, value: "double(int(session.total))"}]
                  - title: redeem
                    condition: "'redeem' in session.attributes"
                    effects: [{type: deductLoyaltyPoints, programId: %d, name: redeemed at the till, value: "double(session.attributes.redeem)"}]
                """.formatted(id, sku, id, id)));
    }

    private String base() {
        return "/v1/loyalty_programs/" + id + "/profile/" + member;
    }

    @Test
    void theLedgerListsEveryAdditionAndSubtractionWithItsRollbacksOldestFirstAndPages() {
        program("immediate");
        String earned = "earn-" + id;
        engine.session(earned, """
                {"customerSession": {"profileId": "%s", "state": "closed", "cartItems": [{"sku": "%s", "quantity": 2, "price": 10}]}}"""
                .formatted(member, sku));
        String spent = "spend-" + id;
        engine.session(spent, """
                {"customerSession": {"profileId": "%s", "state": "closed", "attributes": {"redeem": 5},
                 "cartItems": [{"sku": "%s", "quantity": 1, "price": 1}]}}""".formatted(member, sku));
        // one of the two units earned on returned: half the points go back; the redeem cancelled: its points come back
        engine.returns(earned, "{\"return\": {\"returnedCartItems\": [{\"position\": 0, \"quantity\": 1}]}}");
        engine.session(spent, "{\"customerSession\": {\"state\": \"cancelled\"}}");

        JsonNode ledger = engine.get(base() + "/transactions", EngineClient.APP).json();
        assertThat(ledger.get("hasMore").asBoolean()).isFalse();
        assertThat(lines(ledger)).containsExactly(
                "addition 20.00 per dollar " + earned,
                "subtraction 5.00 redeemed at the till " + spent,
                "subtraction 10.00 rollback of points added " + earned,
                "addition 5.00 rollback of points deducted " + spent);
        JsonNode first = ledger.at("/data/0");
        assertThat(first.get("startDate").asText()).isEqualTo("immediate");
        assertThat(first.get("expiryDate").asText()).isEqualTo("unlimited");
        assertThat(first.get("ruleName").asText()).isEqualTo("1 point per dollar");
        assertThat(first.get("subledgerId").asText()).isEmpty();
        assertThat(first.at("/flags/createsNegativeBalance").asBoolean()).isFalse();
        // the rollback carries the transaction it rolls back
        assertThat(ledger.at("/data/2/transactionUUID").asText()).isEqualTo(first.get("transactionUUID").asText());

        JsonNode page = engine.get(base() + "/transactions?pageSize=2&skip=1", EngineClient.APP).json();
        assertThat(page.get("hasMore").asBoolean()).isTrue();
        assertThat(lines(page)).containsExactly("subtraction 5.00 redeemed at the till " + spent,
                "subtraction 10.00 rollback of points added " + earned);
        JsonNode ofSession = engine.get(base() + "/transactions?customerSessionIDs=" + spent, EngineClient.APP).json();
        assertThat(lines(ofSession)).containsExactly("subtraction 5.00 redeemed at the till " + spent,
                "addition 5.00 rollback of points deducted " + spent);
        // a list's name repeated for each value, as Talon.One's clients send it
        JsonNode ofBoth = engine.get(base() + "/transactions?customerSessionIDs=" + spent + "&customerSessionIDs=" + earned, EngineClient.APP).json();
        assertThat(ofBoth.get("data")).hasSize(4);
        assertThat(engine.get(base() + "/transactions?loyaltyTransactionType=manual", EngineClient.APP).json().get("data")).isEmpty();

        JsonNode balance = engine.get(base() + "/balances", EngineClient.APP).json().get("balance");
        assertThat(balance.get("activePoints").decimalValue()).isEqualByComparingTo("10.00");
        assertThat(balance.get("spentPoints").decimalValue()).isEqualByComparingTo("0.00");
        JsonNode active = engine.get(base() + "/points", EngineClient.APP).json();
        assertThat(active.at("/data/0/amount").decimalValue()).isEqualByComparingTo("10.00"); // what remains of the 20
        assertThat(active.at("/data/0/name").asText()).isEqualTo("per dollar");
        assertThat(active.at("/data/0/customerSessionId").asText()).isEqualTo(earned);
        assertThat(active.get("data")).hasSize(1);
    }

    @Test
    void pendingPointsAreListedAsPendingAndABalanceAsOfALaterDateSeesThemActive() {
        program("14D");
        engine.session("pending-" + id, """
                {"customerSession": {"profileId": "%s", "state": "closed", "cartItems": [{"sku": "%s", "quantity": 1, "price": 30}]}}"""
                .formatted(member, sku));
        assertThat(engine.get(base() + "/points", EngineClient.APP).json().get("data")).isEmpty();
        JsonNode pending = engine.get(base() + "/points?status=pending", EngineClient.APP).json().at("/data/0");
        assertThat(pending.get("amount").decimalValue()).isEqualByComparingTo("30.00");
        assertThat(java.time.Instant.parse(pending.get("startDate").asText()))
                .isEqualTo(java.time.Instant.parse(pending.get("created").asText()).plus(java.time.Duration.ofDays(14)));
        String later = clock.instant().plus(java.time.Duration.ofDays(15)).toString();
        JsonNode then = engine.get(base() + "/balances?endDate=" + later, EngineClient.APP).json().get("balance");
        assertThat(then.get("activePoints").decimalValue()).isEqualByComparingTo("30.00");
        assertThat(then.get("pendingPoints").decimalValue()).isEqualByComparingTo("0.00");
    }

    @Test
    void eitherKeyReadsAndWhatCannotBeAnsweredIsRefusedNamingTheParameter() {
        program("immediate");
        assertThat(engine.get(base() + "/balances", "ApiKey-v1 demo-app-key").status()).isEqualTo(200);
        assertThat(engine.get(base() + "/balances", EngineClient.MANAGEMENT).status()).isEqualTo(200);
        assertThat(engine.get(base() + "/balances", "ApiKey-v1 nobody").status()).isEqualTo(401);
        assertThat(engine.get(base() + "/balances", null).status()).isEqualTo(401);
        assertThat(engine.get("/v1/loyalty_programs/" + id, "ApiKey-v1 demo-app-key").status()).isEqualTo(401); // the program itself is management's

        refused(base() + "/balances?subledgerId=s1", "subledgerId", "has no subledgers");
        refused(base() + "/balances?endDate=2020-01-01", "endDate", "now or later");
        refused(base() + "/transactions?pageSize=0", "pageSize", "from 1 to 1000");
        refused(base() + "/transactions?startDate=yesterday", "startDate", "RFC 3339");
        refused(base() + "/transactions?loyaltyTransactionType=gift", "loyaltyTransactionType", "manual, session or import");
        refused(base() + "/points?status=spent", "status", "active, pending or expired");
        refused(base() + "/points?skip=x", "skip", "a whole number");
        assertThat(engine.get("/v1/loyalty_programs/" + (id + 1_000_000) + "/profile/x/points", EngineClient.APP).status()).isEqualTo(404);
    }

    private void refused(String path, String parameter, String words) {
        GatewayClient.Reply reply = engine.get(path, EngineClient.APP);
        assertThat(reply.status()).as(path).isEqualTo(400);
        assertThat(reply.json().at("/errors/0/source/parameter").asText()).as(path).isEqualTo(parameter);
        assertThat(reply.json().at("/errors/0/details").asText()).as(path).contains(words);
    }

    private static List<String> lines(JsonNode page) {
        List<String> lines = new ArrayList<>();
        page.get("data").forEach(e -> lines.add(e.get("type").asText() + " " + e.get("amount").decimalValue().toPlainString() + " "
                + e.get("name").asText() + " " + e.get("customerSessionId").asText()));
        return lines;
    }
}
