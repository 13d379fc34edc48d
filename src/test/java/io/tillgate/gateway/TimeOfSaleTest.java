package io.tillgate.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.tillgate.PosFixtures.envelope;
import static io.tillgate.PosFixtures.line;
import static io.tillgate.PosFixtures.payment;
import static io.tillgate.PosFixtures.transaction;
import static io.tillgate.gateway.SessionApiTest.json;
import static io.tillgate.gateway.SessionApiTest.nextId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A POS sale is evaluated as of its modified_time, not when the worker gets to it: an offline store's backlog gets
 * the campaigns that ran when it sold, and a refund's return window runs from the purchase's modified_time to the
 * refund's. A modified_time too far ahead of the gateway's clock is not believed.
 */
class TimeOfSaleTest extends GatewayTest {

    private static String at(Instant time) {
        return time.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private void fiveOff(long id, String sku, Instant start, Instant end) {
        new EngineClient(port).campaign(1, id, json("""
                name: five off %d
                startTime: "%s"
                endTime: "%s"
                appliesTo: {skus: [%s]}
                rules:
                  - title: five off
                    effects: [{type: setDiscount, name: five off, value: "5.0"}]
                """.formatted(id, start, end, sku)));
    }

    private JsonNode sell(String txn, String sku, Instant modified) {
        ObjectNode tx = transaction(txn, at(modified));
        line(tx, "1", sku, 1, "20.00");
        client.send(envelope("store-1", UUID.randomUUID().toString(), tx));
        return awaitOutcomes("store-1", txn, 1).at("/outcomes/0");
    }

    private static List<String> effects(JsonNode outcome) {
        List<String> list = new ArrayList<>();
        outcome.get("effects").forEach(e -> list.add(e.get("effectType").asText() + " " + e.at("/props/value").asText()));
        return list;
    }

    @Test
    void aSaleMadeWhileACampaignRanGetsItHoweverLateItIsProcessed() {
        long id = nextId();
        String sku = "BACKLOG-" + id;
        Instant now = clock.instant();
        fiveOff(id, sku, now.minus(Duration.ofHours(3)), now.minus(Duration.ofHours(1)));
        assertThat(effects(sell(unique("in-time"), sku, now.minus(Duration.ofHours(2))))).containsExactly("setDiscount 5.00");
        assertThat(sell(unique("after-end"), sku, now.minus(Duration.ofMinutes(30))).get("effects")).isEmpty();
        assertThat(sell(unique("before-start"), sku, now.minus(Duration.ofHours(4))).get("effects")).isEmpty();
    }

    @Test
    void theReturnWindowRunsFromThePurchasesModifiedTimeToTheRefunds() {
        long id = nextId();
        String sku = "WINDOW-" + id;
        EngineClient engine = new EngineClient(port);
        assertThat(engine.put("/v1/loyalty_programs/" + id, EngineClient.MANAGEMENT, json("""
                name: window-%d
                defaultPending: immediate
                defaultValidity: unlimited
                returnPolicy: unlimited
                returnWindow: 30D
                """.formatted(id))).status()).isEqualTo(200);
        engine.campaign(1, id, json("""
                name: points %d
                appliesTo: {skus: [%s]}
                rules:
                  - title: 1 point per dollar
                    effects: [{type: addLoyaltyPoints, programId: %d, name: points, value: "double(int(session.total))"}]
                """.formatted(id, sku, id)));
        Instant now = clock.instant();
        for (boolean within : new boolean[]{true, false}) {
            String txn = unique(within ? "within" : "beyond");
            ObjectNode purchase = transaction(txn, at(now.minus(Duration.ofDays(40))));
            line(purchase, "1", sku, 1, "20.00");
            line(purchase, "2", sku + "-X", 1, "5.00");
            payment(purchase, "25.00", "window-" + id);
            client.send(envelope("store-1", UUID.randomUUID().toString(), purchase));
            assertThat(effects(awaitOutcomes("store-1", txn, 1).at("/outcomes/0"))).containsExactly("addLoyaltyPoints 25.00");

            // line 2 returned 5 days after the purchase, or 40 days after it; both processed now
            ObjectNode refund = transaction(txn, at(within ? now.minus(Duration.ofDays(35)) : now));
            line(refund, "1", sku, 1, "20.00");
            payment(refund, "20.00", "window-" + id);
            client.send(envelope("store-1", UUID.randomUUID().toString(), refund));
            JsonNode returned = awaitOutcomes("store-1", txn, 2).at("/outcomes/1");
            assertThat(returned.get("operation").asText()).isEqualTo("RETURN");
            if (within) {
                assertThat(effects(returned)).containsExactly("rollbackAddedLoyaltyPoints 5.00");
            } else {
                assertThat(returned.get("effects")).isEmpty();
            }
        }
    }

    @Test
    void aModifiedTimeTooFarAheadIsEvaluatedAsOfTheGatewaysClockWithAWarning() {
        long id = nextId();
        String sku = "SKEW-" + id;
        Instant now = clock.instant();
        fiveOff(id, sku, now.plus(Duration.ofMinutes(30)), now.plus(Duration.ofHours(5)));
        JsonNode ahead = sell(unique("ahead"), sku, now.plus(Duration.ofHours(1)));
        assertThat(ahead.get("effects")).isEmpty();
        assertThat(ahead.get("warnings")).hasSize(1);
        assertThat(ahead.at("/warnings/0/code").asText()).isEqualTo("clock_skew");
        assertThat(ahead.at("/warnings/0/field").asText()).isEqualTo("request_payload.modified_time");

        long near = nextId();
        fiveOff(near, "NEAR-" + near, now.plus(Duration.ofMinutes(1)), now.plus(Duration.ofHours(5)));
        JsonNode slightly = sell(unique("slightly"), "NEAR-" + near, now.plus(Duration.ofMinutes(2)));
        assertThat(effects(slightly)).containsExactly("setDiscount 5.00"); // within tillgate.pos.max-clock-skew: believed
        assertThat(slightly.get("warnings")).isEmpty();
    }

    @Test
    void aTimeNotBelievedDoesNotOrderWhatFollows() {
        String txn = unique("far-ahead");
        ObjectNode sale = transaction(txn, "9999-01-01T00:00:00.000Z");
        line(sale, "1", "FAR-" + nextId(), 1, "20.00");
        client.send(envelope("store-1", UUID.randomUUID().toString(), sale));
        JsonNode closed = awaitOutcomes("store-1", txn, 1).at("/outcomes/0");
        assertThat(closed.get("operation").asText()).isEqualTo("CLOSE");
        assertThat(closed.at("/warnings/0/code").asText()).isEqualTo("clock_skew");
        ObjectNode voided = sale.deepCopy().put("is_voided", true).put("modified_time", at(clock.instant().plus(Duration.ofSeconds(5))));
        client.send(envelope("store-1", UUID.randomUUID().toString(), voided));
        assertThat(awaitOutcomes("store-1", txn, 2).at("/outcomes/1/operation").asText()).isEqualTo("CANCEL");
    }

    @Test
    void aTimeNotBelievedAfterABelievedOneIsTakenAsTheNewest() {
        String txn = unique("jumpy");
        String sku = "JUMPY-" + nextId();
        ObjectNode sale = transaction(txn, at(clock.instant()));
        line(sale, "1", sku, 2, "20.00");
        client.send(envelope("store-1", UUID.randomUUID().toString(), sale));
        awaitOutcomes("store-1", txn, 1);
        ObjectNode refund = transaction(txn, at(clock.instant().plus(Duration.ofMinutes(4))));
        line(refund, "1", sku, 1, "20.00");
        client.send(envelope("store-1", UUID.randomUUID().toString(), refund));
        assertThat(awaitOutcomes("store-1", txn, 2).at("/outcomes/1/operation").asText()).isEqualTo("RETURN");
        ObjectNode voided = sale.deepCopy().put("is_voided", true).put("modified_time", at(clock.instant().plus(Duration.ofHours(1))));
        client.send(envelope("store-1", UUID.randomUUID().toString(), voided));
        JsonNode last = awaitOutcomes("store-1", txn, 3).at("/outcomes/2");
        assertThat(last.get("operation").asText()).isEqualTo("CANCEL");
        assertThat(last.at("/warnings/0/code").asText()).isEqualTo("clock_skew");
    }
}
