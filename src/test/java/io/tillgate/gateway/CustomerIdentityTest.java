package io.tillgate.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.tillgate.PosFixtures.envelope;
import static io.tillgate.PosFixtures.line;
import static io.tillgate.PosFixtures.payment;
import static io.tillgate.PosFixtures.transaction;
import static io.tillgate.gateway.SessionApiTest.json;
import static io.tillgate.gateway.SessionApiTest.nextId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A customer known by several ids is one profile: the shipped {@code mappings/session.yaml} takes an External_ID as the
 * profile's id and looks a SessionM_ID up among the linked ids, so the same person paying once with each earns into one
 * balance. An id linked to no one leaves the sale anonymous, and the job's warnings say so.
 */
class CustomerIdentityTest extends GatewayTest {
    EngineClient engine;
    long id;
    String sku;

    @BeforeEach
    void engine() {
        engine = new EngineClient(port);
        id = nextId();
        sku = "ID-" + id;
        assertThat(engine.put("/v1/loyalty_programs/" + id, EngineClient.MANAGEMENT, json("name: ids-" + id)).status()).isEqualTo(200);
        engine.campaign(1, id, json("""
                name: a point per dollar %d
                appliesTo: {skus: [%s]}
                rules:
                  - title: 1 point per dollar
                    effects: [{type: addLoyaltyPoints, programId: %d, name: per dollar, value: "double(int(session.total))"}]
                """.formatted(id, sku, id)));
    }

    @Test
    void thePersonPayingWithTwoIdTypesEarnsIntoOneBalance() {
        String customer = "customer-" + id;
        String smId = "sm-" + id;
        GatewayClient.Reply linked = link(smId, "{\"integrationId\": \"" + customer + "\"}");
        assertThat(linked.status()).isEqualTo(200);
        assertThat(linked.json().get("integrationId").asText()).isEqualTo(customer);
        assertThat(linked.json().get("idType").asText()).isEqualTo("SessionM_ID");

        String first = unique("T");
        assertThat(EngineClient.effects(sell(first, "20.00", customer, "External_ID"))).containsExactly("addLoyaltyPoints 20");
        assertThat(profileOf(first)).isEqualTo(customer);
        String second = unique("T");
        JsonNode bySessionMId = sell(second, "15.00", smId, "SessionM_ID");
        assertThat(EngineClient.effects(bySessionMId)).containsExactly("addLoyaltyPoints 15");
        assertThat(profileOf(second)).isEqualTo(customer);
        assertThat(bySessionMId.get("warnings")).isEmpty();
        assertThat(balance(customer).get("activePoints").decimalValue()).isEqualByComparingTo("35");
        assertThat(balance(smId).get("activePoints").decimalValue()).isEqualByComparingTo("0"); // no profile of its own

        JsonNode ids = engine.get("/v1/applications/1/customer_profiles/" + customer + "/identities", EngineClient.MANAGEMENT).json();
        assertThat(ids.get("totalResultSize").asInt()).isEqualTo(1);
        assertThat(ids.at("/data/0/id").asText()).isEqualTo(smId);
    }

    @Test
    void anIdLinkedToNoOneLeavesTheSaleAnonymousWithAWarningThatNamesIt() {
        String smId = "stranger-" + id;
        String txn = unique("T");
        JsonNode sale = sell(txn, "10.00", smId, "SessionM_ID");
        assertThat(profileOf(txn)).isEmpty();
        assertThat(sale.at("/warnings/0/code").asText()).isEqualTo("customer_not_identified");
        assertThat(sale.at("/warnings/0/field").asText()).isEqualTo("request_payload.payments[0].user_id");
        assertThat(sale.at("/warnings/0/message").asText()).contains("SessionM_ID '" + smId + "' is linked to no profile");
        assertThat(EngineClient.effects(sale)).isEmpty(); // nobody to give points to

        // an additional id of the system of record's type names the customer when the first names no one
        String customer = "customer-" + id;
        String bothIds = unique("T");
        ObjectNode tx = sale(bothIds, "10.00", smId, "SessionM_ID");
        ((ObjectNode) tx.withArray("payments").get(0)).put("additional_user_id", customer).put("additional_user_id_type", "External_ID");
        JsonNode both = send(tx);
        assertThat(profileOf(bothIds)).isEqualTo(customer);
        assertThat(both.get("warnings")).isEmpty();
        assertThat(balance(customer).get("activePoints").decimalValue()).isEqualByComparingTo("10");
    }

    @Test
    void anIdNamesOneProfileAndOnlyLinkedTypesAreLinked() {
        String smId = "sm-one-" + id;
        assertThat(link(smId, "{\"integrationId\": \"a-" + id + "\"}").status()).isEqualTo(200);
        assertThat(link(smId, "{\"integrationId\": \"a-" + id + "\"}").status()).isEqualTo(200); // the same again: no change
        GatewayClient.Reply other = link(smId, "{\"integrationId\": \"b-" + id + "\"}");
        assertThat(other.status()).isEqualTo(409);
        assertThat(other.json().at("/errors/0/details").asText()).contains("is linked to profile 'a-" + id + "'");
        assertThat(engine.get("/v1/applications/1/customer_identities/SessionM_ID/" + smId, EngineClient.MANAGEMENT)
                .json().get("integrationId").asText()).isEqualTo("a-" + id);

        GatewayClient.Reply systemOfRecord = engine.put("/v1/applications/1/customer_identities/External_ID/x-" + id,
                EngineClient.MANAGEMENT, "{\"integrationId\": \"a\"}");
        assertThat(systemOfRecord.status()).isEqualTo(400);
        assertThat(systemOfRecord.json().at("/errors/0/details").asText()).contains("the linked types are [SessionM_ID]");
        GatewayClient.Reply noId = link("sm-x-" + id, "{\"integrationId\": \"\"}");
        assertThat(noId.status()).isEqualTo(400);
        assertThat(noId.json().at("/errors/0/source/pointer").asText()).isEqualTo("/integrationId");
        GatewayClient.Reply extra = link("sm-x-" + id, "{\"integrationId\": \"a\", \"attributes\": {}}");
        assertThat(extra.status()).isEqualTo(400);
        assertThat(extra.json().at("/errors/0/source/pointer").asText()).isEqualTo("/attributes");
        GatewayClient.Reply integrationKey = engine.put("/v1/applications/1/customer_identities/SessionM_ID/sm-y-" + id,
                "ApiKey-v1 demo-app-key", "{\"integrationId\": \"a\"}");
        assertThat(integrationKey.status()).isEqualTo(401);

        GatewayClient.Reply unlinked = engine.delete("/v1/applications/1/customer_identities/SessionM_ID/" + smId, EngineClient.MANAGEMENT);
        assertThat(unlinked.status()).isEqualTo(204);
        assertThat(link(smId, "{\"integrationId\": \"b-" + id + "\"}").status()).isEqualTo(200); // free to link again
        assertThat(engine.delete("/v1/applications/1/customer_identities/SessionM_ID/none-" + id, EngineClient.MANAGEMENT).status())
                .isEqualTo(404);
    }

    /** The profile of the till's sale's session, "" for none. */
    private String profileOf(String txn) {
        return engine.get("/v2/customer_sessions/store-1:" + txn, "ApiKey-v1 demo-app-key").json()
                .at("/customerSession/profileId").asText("");
    }

    private GatewayClient.Reply link(String smId, String body) {
        return engine.put("/v1/applications/1/customer_identities/SessionM_ID/" + smId, EngineClient.MANAGEMENT, body);
    }

    private JsonNode balance(String profile) {
        return engine.get("/v1/loyalty_programs/" + id + "/profile/" + profile + "/balances", EngineClient.MANAGEMENT).json().get("balance");
    }

    private JsonNode sell(String txn, String amount, String userId, String idType) {
        return send(sale(txn, amount, userId, idType));
    }

    private JsonNode send(ObjectNode tx) {
        String txn = tx.get("transaction_id").asText();
        assertThat(client.send(envelope("store-1", UUID.randomUUID().toString(), tx)).status()).isEqualTo(200);
        return awaitOutcomes("store-1", txn, 1).at("/outcomes/0");
    }

    private ObjectNode sale(String txn, String amount, String userId, String idType) {
        ObjectNode tx = transaction(txn, "2026-03-01T10:04:12.000Z");
        line(tx, "1", sku, 1, amount);
        payment(tx, amount, userId).put("user_id_type", idType);
        return tx;
    }
}
